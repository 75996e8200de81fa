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
an image whose alt text is the journey's title. A block of several journeys
(YAML documents: `---` lines) gives a figure each. A journey with errors
stops pandoc with `FILE:LINE:COLUMN: error: MESSAGE` at the line of the
Markdown file.

The program is `jmap-program` (metadata), else $JMAP, else jmap on PATH.
All the maps a document needs drawn are drawn by one `jmap serve --stdio`
(docs/cli.md), given every request at once before the blocks are replaced:
the fixed cost of a jmap process is paid once a document. A jmap without
`serve` is run once a map.
In Lua because pandoc runs Lua filters itself: no other interpreter, no JSON
round trip. ]]

local program, dir, mode = os.getenv("JMAP") or "jmap", os.getenv("JMAP_DIR") or "jmap-images", "inline"
local sources = nil -- {name, text} of each input file, read when a block needs its line
local found = {}    -- per input file: where the last block was found, so that repeated blocks go in order
local seen = {}     -- id prefixes already in the page
local failed = false
local requests = {} -- the maps to draw, in order: {out = PATH, args = {...}, text = YAML}
local planned = {}  -- out path -> true, for each map in requests
local answers = nil -- out path -> {ok = BOOLEAN, messages = TEXT}: what jmap serve said of each

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

-- The paths a journey's text names under `include:` (a path, [a, b], or a
-- block list), as written.
local function include_names(text)
  local names = {}
  local function add(v)
    v = v:gsub("^%s+", ""):gsub("%s+$", ""):gsub("^[\"']", ""):gsub("[\"']$", "")
    if v ~= "" then names[#names + 1] = v end
  end
  for rest, after in ("\n" .. text):gmatch("\ninclude:([^\n]*)()") do
    rest = rest:gsub("#.*", "")
    if rest:match("^%s*%[") then
      for v in rest:match("%[(.*)%]"):gmatch("[^,]+") do add(v) end
    elseif rest:match("%S") then
      add(rest)
    else
      for item in text:sub(after - 1):gmatch("\n[ \t]+%-[ \t]+([^\n]*)") do add(item) end
    end
  end
  return names
end

-- The files a journey's map depends on besides its text: the theme file (a
-- `theme` that names a file, read from the working directory as jmap reads
-- it; a built-in name reads none), then every file it includes, and theirs
-- (8 deep; beside the file that names them; those missing too): a map's
-- name hashes the bytes of each, so that editing one draws the map again.
local function dependencies(attrs, text, base)
  local files, seen = {}, {}
  if attrs["theme"] and read(attrs["theme"]) then files[#files + 1] = attrs["theme"] end
  local todo = {{base, text, 0}}
  while #todo > 0 do
    local dir, t, depth = table.unpack(table.remove(todo, 1))
    if depth < 8 then
      for _, name in ipairs(include_names(t)) do
        local path = pandoc.path.normalize(pandoc.path.join({dir, name}))
        if not seen[path] then
          seen[path] = true
          files[#files + 1] = path
          local inner = read(path)
          if inner then todo[#todo + 1] = {pandoc.path.directory(path), inner, depth + 1} end
        end
      end
    end
  end
  return files
end

-- The name of a map: a hash of the options, the journey's bytes and the
-- bytes of every file it depends on (never only their names).
local function content_hash(args, text, attrs, base)
  local parts = {table.concat(args, "\0"), #text, text}
  for _, path in ipairs(dependencies(attrs, text, base)) do
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
  local t = text:match("^title:([^\n]*)") or text:match("\ntitle:([^\n]*)")
  if not t then return nil end
  local b, e = 1, #t -- trimmed by hand: a pattern would backtrack over a long run of blanks
  while b <= e and (t:byte(b) == 32 or t:byte(b) == 9) do b = b + 1 end
  while e >= b and (t:byte(e) == 32 or t:byte(e) == 9) do e = e - 1 end
  t = t:sub(b, e)
  local q = t:match('^"(.*)"$') or t:match("^'(.*)'$")
  return q or t
end

-- A Mermaid journey: a name ending in .mmd or .mermaid, or text whose first
-- line that is neither blank nor a %% comment (after a front-matter block)
-- is `journey`, as jmap decides.
local function is_mermaid(text, name)
  if name and (name:match("%.mmd$") or name:match("%.mermaid$")) then return true end
  local front, closed = false, false
  for l in text:gmatch("([^\n]*)\n") do
    local blank = l:match("^%s*$") or l:match("^%s*%%%%")
    if front and not closed then
      closed = l:match("^%-%-%-%s*$") ~= nil
    elseif not blank and not front and l:match("^%-%-%-%s*$") then
      front = true
    elseif not blank then
      return l:match("^%s*journey%s*$") ~= nil or l:match("^%s*journey%s+%%%%") ~= nil
    end
  end
  return false
end

-- The journeys of a block: YAML documents, each begun by a `---` line or
-- ended by a `...` line at the first column (YAML allows such a line nowhere
-- else, not even inside a block scalar). Lines before the first document
-- that are only blanks, comments and directives go with it; those after the
-- last, with the last. Each is {text =, line = its first line in the
-- block}. A Mermaid journey is one.
local function journeys_of(text, name)
  if not text:match("\n$") then text = text .. "\n" end
  if is_mermaid(text, name) then return {{text = text, line = 1}} end
  local docs, cur, n = {}, {lines = {}, line = 1, doc = false}, 0
  local function close(next_line)
    docs[#docs + 1] = cur
    cur = {lines = {}, line = next_line, doc = false}
  end
  for l in text:gmatch("([^\n]*)\n") do
    n = n + 1
    local start = l:match("^%-%-%-\r?$") or l:match("^%-%-%-[ \t]")
    local finish = l:match("^%.%.%.\r?$") or l:match("^%.%.%.[ \t]")
    if start and cur.doc then close(n) end
    cur.lines[#cur.lines + 1] = l
    if start or not (l:match("^%s*$") or l:match("^[ \t]*#") or l:match("^%%") or finish) then cur.doc = true end
    if finish and cur.doc then close(n + 1) end
  end
  if cur.doc or #docs == 0 then
    docs[#docs + 1] = cur
  else
    for _, l in ipairs(cur.lines) do docs[#docs].lines[#docs[#docs].lines + 1] = l end
  end
  for i, d in ipairs(docs) do docs[i] = {text = table.concat(d.lines, "\n") .. "\n", line = d.line} end
  return docs
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

-- A journey's format, jmap's options for it, the file it is drawn into and
-- the folder jmap runs in (the journey file's, else the document's: where
-- its includes are).
local function job(block, text, file)
  local latex = FORMAT:match("latex") or FORMAT:match("beamer")
  local fmt = latex and "pdf" or "svg"
  local args = {"-f", fmt}
  -- jmap runs in the journey's folder (the journey file's, else the
  -- document's), where its includes are: the paths it is given are absolute
  local cwd = pandoc.system.get_working_directory()
  local base = pandoc.path.directory(file)
  if base == "" or file == "<stdin>" then base = "." end
  local function absolute(p) return pandoc.path.is_absolute(p) and p or pandoc.path.join({cwd, p}) end
  if block.attributes["persona"] then args[#args + 1] = "--persona"; args[#args + 1] = block.attributes["persona"] end
  if block.attributes["theme"] then
    args[#args + 1] = "--theme"
    args[#args + 1] = read(block.attributes["theme"]) and absolute(block.attributes["theme"]) or block.attributes["theme"]
  end
  local hash = content_hash(args, text, block.attributes, base)
  return latex, fmt, args, pandoc.path.join({dir, "journey-" .. hash .. "." .. fmt}), base
end

-- The arguments of `jmap build` that draw a journey read on standard input into out.
local function build_args(out, args)
  local all = {"-", "-o", out, "-q"}
  for _, a in ipairs(args) do all[#all + 1] = a end
  return all
end

-- One journey drawn alone, jmap run in base (a jmap without `serve`, or a
-- journey whose includes are in another folder): ok, messages.
local function draw_alone(out, args, text, base)
  local cwd = pandoc.system.get_working_directory()
  local function absolute(p) return pandoc.path.is_absolute(p) and p or pandoc.path.join({cwd, p}) end
  local tmp, err = out .. ".yaml.tmp", out .. ".err.tmp"
  local f = assert(io.open(tmp, "wb"))
  f:write(text)
  f:close()
  local exe = program:find("/") and absolute(program) or program
  local cmd = "cd " .. sh(base) .. " && " .. sh(exe) .. " build"
  for _, a in ipairs(build_args(absolute(out), args)) do cmd = cmd .. " " .. sh(a) end
  local ok = os.execute(cmd .. " < " .. sh(absolute(tmp)) .. " 2> " .. sh(absolute(err)))
  local messages = read(err) or ""
  os.remove(tmp)
  os.remove(err)
  return ok, messages
end

-- One journey drawn: its figure, or nil when jmap refused it (reported at
-- FILE:LINE:COLUMN, the journey's first line being `line` of `file`).
local function draw(block, text, file, line, col)
  local latex, fmt, args, out, base = job(block, text, file)
  if not read(out) then
    os.execute("mkdir -p " .. sh(dir))
    local answer = base == "." and answers and answers[out]
    local ok, messages
    if answer then ok, messages = answer.ok, answer.messages else ok, messages = draw_alone(out, args, text, base) end
    if not ok then
      local lines = {}
      for head in messages:gmatch("[^\n]+") do
        local f, l, c, sev, msg = head:match("^(.-):(%d+):(%d+): (%a+): (.*)$")
        if f == "<stdin>" then
          lines[#lines + 1] = string.format("%s:%d:%d: %s: %s", file, line + tonumber(l) - 1, col + tonumber(c) - 1,
                                            sev, msg)
        elseif f and not head:match("^%s") then -- in a file the journey includes, beside it
          lines[#lines + 1] = string.format("%s:%s:%s: %s: %s", pandoc.path.normalize(pandoc.path.join({base, f})),
                                            l, c, sev, msg)
        end
      end
      if #lines == 0 then
        lines[1] = string.format("%s:%d:1: error: %s", file, line,
                                 (messages:match("^jmap: [^\n]+") or ("cannot run jmap ('" .. program ..
                                   "'); is it jmap the journey-map compiler? (a JDK has a jmap too): set JMAP or " ..
                                   "-M jmap-program=PATH")))
      end
      report(lines)
      return nil
    end
    if not read(out) then -- jmap found several journeys where the filter saw one: numbered files
      report({string.format("%s:%d:1: error: this block holds journeys that the filter cannot tell apart: " ..
                            "begin each with a line '---'", file, line)})
      return nil
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

-- The block's journey text and the path it was read from (nil, ref: unreadable).
local function block_text(block)
  local ref = block.attributes["file"]
  if not ref then return block.text .. "\n", nil, nil end
  local base = PANDOC_STATE.input_files[1]
  local path = (base and base ~= "-") and pandoc.path.join({pandoc.path.directory(base), ref}) or ref
  return read(path), path, ref
end

-- The first pass: every map that is not drawn yet becomes a request.
local function plan(block)
  if not block.classes:includes("journey") then return nil end
  local text, path, ref = block_text(block)
  if not text then return nil end
  -- (not where(): it moves on through the document, and the second pass asks it)
  local file = path or PANDOC_STATE.input_files[1] or "<stdin>"
  for _, j in ipairs(journeys_of(text, ref)) do
    local _, _, args, out, base = job(block, j.text, file)
    -- one `jmap serve` runs here: a journey of another folder is drawn alone, there
    if base == "." and not planned[out] and not read(out) then
      planned[out] = true
      requests[#requests + 1] = {out = out, args = build_args(out, args), text = j.text}
    end
  end
  return nil
end

-- Between the passes: every request to one `jmap serve --stdio`, at once.
-- Its answers, in order, give each map's exit status and messages; when it
-- cannot be run (a jmap without `serve`) each map is drawn alone.
local function draw_all(doc)
  if #requests == 0 then return nil end
  os.execute("mkdir -p " .. sh(dir))
  local input = {}
  for _, r in ipairs(requests) do
    input[#input + 1] = string.format("build %d %d\n", #r.args, #r.text)
    for _, a in ipairs(r.args) do input[#input + 1] = a .. "\n" end
    input[#input + 1] = r.text
  end
  local ok, output = pcall(pandoc.pipe, program, {"serve", "--stdio"}, table.concat(input))
  if not ok then return nil end
  local got, at = {}, 1
  for _, r in ipairs(requests) do
    local status, n_out, n_err, rest = output:match("^status (%d+) (%d+) (%d+)\n()", at)
    if not status then return nil end -- not jmap serve's answers: each map alone
    local e = rest + tonumber(n_out)
    got[r.out] = {ok = status == "0", messages = output:sub(e, e + tonumber(n_err) - 1)}
    at = e + tonumber(n_err)
  end
  answers = got
  return nil
end

function CodeBlock(block)
  if not block.classes:includes("journey") then return nil end
  local text, file, line, col = block.text .. "\n", nil, 0, 1
  local ref = block.attributes["file"]
  if ref then
    local path
    text, path = block_text(block)
    file, line = path, 1
    if not text then
      local f, l = where(block, ref)
      report({string.format("%s:%d:1: error: cannot read the journey file '%s'", f, l, ref)})
      return {}
    end
  else
    file, line = where(block)
  end
  local figures, refused = {}, false
  for _, j in ipairs(journeys_of(text, ref)) do -- one figure a journey
    local figure = draw(block, j.text, file, line + j.line - 1, col)
    refused = refused or not figure
    figures[#figures + 1] = figure
  end
  return refused and {} or figures
end

function Pandoc(doc)
  if failed then os.exit(1) end
  return doc
end

return {{Meta = Meta}, {CodeBlock = plan, Pandoc = draw_all}, {CodeBlock = CodeBlock, Pandoc = Pandoc}}
