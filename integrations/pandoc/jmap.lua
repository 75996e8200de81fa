--[[ jmap.lua: a pandoc Lua filter that draws fenced `journey` blocks with jmap.

    pandoc report.md --lua-filter jmap.lua -o report.html
    pandoc report.md --lua-filter jmap.lua -M jmap-dir=build/maps -o report.tex

    ```journey
    title: Buying a family car
    stages: ...
    ```

    ```{.journey persona=maria theme=dark alt="..." file=maps/onboarding.yaml}
    ```

Each block is drawn once into the directory `jmap-dir` (metadata; else
$JMAP_DIR; else jmap-images), as journey-HASH.svg (HTML and the rest) or
journey-HASH.pdf (LaTeX, Beamer), HASH being the SHA-1 of the journey, its
options and the bytes of the theme file it names: two documents never
overwrite each other's maps, a map already drawn is not drawn again, and an
edited theme file draws it again. HTML gets the SVG inline (its words are
text that a reader can select and search) linked to the full-size file
(`jmap-mode: img` in the metadata gives an <img> instead); other formats get
an image whose alt text is the journey's title. A journey with errors stops pandoc with
`FILE:LINE:COLUMN: error: MESSAGE` at the line of the Markdown file.

The program is `jmap-program` (metadata), else $JMAP, else jmap on PATH.
In Lua because pandoc runs Lua filters itself: no other interpreter, no JSON
round trip. ]]

local program, dir, mode = os.getenv("JMAP") or "jmap", os.getenv("JMAP_DIR") or "jmap-images", "inline"
local sources = nil -- {name, text} of each input file, read when a block needs its line
local found = {}    -- per input file: where the last block was found, so that repeated blocks go in order
local seen = {}     -- id prefixes already in the page
local failed = false

local function sh(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

local function stringify(v)
  if v == nil then return nil end
  if type(v) == "string" or type(v) == "boolean" or type(v) == "number" then return tostring(v) end
  return pandoc.utils.stringify(v)
end

function Meta(meta)
  program = stringify(meta["jmap-program"]) or program
  dir = stringify(meta["jmap-dir"]) or dir
  mode = stringify(meta["jmap-mode"]) or mode
end

-- The input file and line of the block's first line, found by its text in
-- the inputs (pandoc's Markdown reader keeps no positions); data-pos when a
-- reader with +sourcepos gave one.
local function where(block, needle)
  local pos = block.attributes["data-pos"]
  if pos then
    local file, line = pos:match("^(.*)@(%d+):")
    if file then return file, tonumber(line) + (needle and 0 or 1) end
  end
  if not sources then
    sources = {}
    for _, name in ipairs(PANDOC_STATE.input_files) do
      local text = name ~= "-" and read(name)
      if text then sources[#sources + 1] = {name = name, text = text:gsub("\r\n", "\n")} end
    end
  end
  needle = needle or block.text:match("^[^\n]*")
  for _, src in ipairs(sources) do
    local at = src.text:find(needle, (found[src.name] or 0) + 1, true)
    if at then
      found[src.name] = at
      local _, newlines = src.text:sub(1, at - 1):gsub("\n", "")
      return src.name, newlines + 1
    end
  end
  return (PANDOC_STATE.input_files[1] or "<stdin>"), 0
end

-- The files a journey's map depends on besides its text: the theme file (a
-- `theme` that names a file, read from the working directory as jmap reads
-- it; a built-in name reads none). The files a journey includes join this
-- list when `include:` lands: a map's name hashes the bytes of each, so that
-- editing one draws the map again.
local function dependencies(attrs)
  local files = {}
  if attrs["theme"] and read(attrs["theme"]) then files[#files + 1] = attrs["theme"] end
  return files
end

-- The name of a map: a hash of the options, the journey's bytes and the
-- bytes of every file it depends on (never only their names).
local function content_hash(args, text, attrs)
  local parts = {table.concat(args, "\0"), #text, text}
  for _, path in ipairs(dependencies(attrs)) do
    local data = read(path) or ""
    parts[#parts + 1] = "file " .. #data
    parts[#parts + 1] = data
  end
  return pandoc.utils.sha1(table.concat(parts, "\0")):sub(1, 20)
end

local function report(lines)
  io.stderr:write(table.concat(lines, "\n"), "\n")
  failed = true
end

local function title_of(text)
  local t = text:match("^title:[ \t]*([^\n]-)[ \t]*\n") or text:match("\ntitle:[ \t]*([^\n]-)[ \t]*\n")
  if not t then return nil end
  local q = t:match('^"(.*)"$') or t:match("^'(.*)'$")
  return q or t
end

local function inline_svg(svg, alt)
  svg = svg:gsub("^<%?xml[^>]*%?>%s*", "")
  local prefix = svg:match('id="(jm%x+%-)')
  if prefix then
    local n = (seen[prefix] or 0) + 1
    seen[prefix] = n
    if n > 1 then svg = svg:gsub(prefix:gsub("%-", "%%-"), prefix .. n .. "-") end
  end
  local width = svg:match('<svg[^>]-width="([%d.]+)')
  local style = "width:100%;height:auto" .. (width and (";max-width:" .. width .. "px") or "")
  alt = alt:gsub("&", "&amp;"):gsub('"', "&quot;"):gsub("<", "&lt;")
  local attrs = ' role="img" aria-label="' .. alt .. '" style="' .. style .. '"'
  -- the root's own size, role and label give way to the page's
  return (svg:gsub("<svg(%s[^>]*)>", function(rest)
    for _, name in ipairs({"width", "height", "role", "aria%-labelledby"}) do
      rest = rest:gsub("%s+" .. name .. '="[^"]*"', "")
    end
    return "<svg" .. rest .. attrs .. ">"
  end, 1))
end

function CodeBlock(block)
  if not block.classes:includes("journey") then return nil end
  local text, file, line, col = block.text .. "\n", nil, 0, 1
  local ref = block.attributes["file"]
  if ref then
    file, line = ref, 1
    local base = PANDOC_STATE.input_files[1]
    local path = (base and base ~= "-") and pandoc.path.join({pandoc.path.directory(base), ref}) or ref
    text = read(path)
    if not text then
      local f, l = where(block, ref)
      report({string.format("%s:%d:1: error: cannot read the journey file '%s'", f, l, ref)})
      return {}
    end
    file = path
  else
    file, line = where(block)
  end
  local latex = FORMAT:match("latex") or FORMAT:match("beamer")
  local fmt = latex and "pdf" or "svg"
  local args = {"-f", fmt}
  if block.attributes["persona"] then args[#args + 1] = "--persona"; args[#args + 1] = block.attributes["persona"] end
  if block.attributes["theme"] then args[#args + 1] = "--theme"; args[#args + 1] = block.attributes["theme"] end
  local hash = content_hash(args, text, block.attributes)
  local out = pandoc.path.join({dir, "journey-" .. hash .. "." .. fmt})
  if not read(out) then
    os.execute("mkdir -p " .. sh(dir))
    local tmp, err = out .. ".yaml.tmp", out .. ".err.tmp"
    local f = assert(io.open(tmp, "wb"))
    f:write(text)
    f:close()
    local cmd = sh(program) .. " build - -o " .. sh(out) .. " -q"
    for _, a in ipairs(args) do cmd = cmd .. " " .. sh(a) end
    local ok = os.execute(cmd .. " < " .. sh(tmp) .. " 2> " .. sh(err))
    local messages = read(err) or ""
    os.remove(tmp)
    os.remove(err)
    if not ok then
      local lines = {}
      for l, c, sev, msg in messages:gmatch("<stdin>:(%d+):(%d+): (%a+): ([^\n]*)") do
        lines[#lines + 1] = string.format("%s:%d:%d: %s: %s", file, line + tonumber(l) - 1, col + tonumber(c) - 1,
                                          sev, msg)
      end
      if #lines == 0 then
        lines[1] = string.format("%s:%d:1: error: %s", file, line,
                                 (messages:match("^jmap: [^\n]+") or ("cannot run jmap ('" .. program ..
                                   "'); is it jmap the journey-map compiler? (a JDK has a jmap too): set JMAP or " ..
                                   "-M jmap-program=PATH")))
      end
      report(lines)
      return {}
    end
  end
  local title = title_of(text)
  local alt = block.attributes["alt"] or (title and ("Journey map: " .. title)) or "Journey map"
  if fmt == "svg" and FORMAT:match("html") and mode ~= "img" then
    local svg = inline_svg(read(out), alt)
    return pandoc.RawBlock("html", '<figure class="jmap"><a class="jmap-full" href="' .. out ..
      '" title="Open the full-size map">' .. svg .. '</a><figcaption><a href="' .. out ..
      '">Open the full-size map</a></figcaption></figure>')
  end
  if latex then -- a figure, its caption the alt text (LaTeX has no alt text of its own)
    return pandoc.Para({pandoc.Image({pandoc.Str(alt)}, out, "fig:" .. (title or ""))})
  end
  local image = pandoc.Image({pandoc.Str(alt)}, out, title or "")
  return pandoc.Para({pandoc.Link({image}, out)})
end

function Pandoc(doc)
  if failed then os.exit(1) end
  return doc
end

return {{Meta = Meta}, {CodeBlock = CodeBlock, Pandoc = Pandoc}}
