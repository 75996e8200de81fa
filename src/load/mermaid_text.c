/* The Mermaid reader's text handling (mermaid.c has the reader itself):
 * JavaScript's notion of a space and the lexer's character classes, the rule
 * that says which inputs are Mermaid journeys, the note for a diagram inside
 * a Markdown file, and the decoding of a name or title (String.trim(),
 * Mermaid's entity codes, <br> as a line break). */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "load/mermaid.h"
#include "load/mermaid_text.h"
#include "base/utf8.h"

/* ---- characters ---- */

/* JavaScript's \s: what Mermaid's lexer skips and String.trim() removes. */
static bool js_space(uint32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* Length of the JS space at s[i], or 0. */
size_t jm_mm_space_at(const char *s, size_t n, size_t i)
{
    if (i >= n) return 0;
    const char *p = s + i;
    uint32_t c = jm_utf8_next(&p, s + n);
    return js_space(c) ? (size_t)(p - (s + i)) : 0;
}

size_t jm_mm_skip_spaces(const char *s, size_t n, size_t i)
{
    size_t l;
    while ((l = jm_mm_space_at(s, n, i)) > 0) i += l;
    return i;
}

bool jm_mm_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Mermaid encodes `#name;` and `#123;` before parsing (entity codes), so the
 * lexer never sees their `#` or `;`: the length of the one at s[i], or 0. */
size_t jm_mm_entity_at(const char *s, size_t n, size_t i)
{
    if (i >= n || s[i] != '#') return 0;
    size_t j = i + 1;
    while (j < n && jm_mm_word_char(s[j])) j++;
    return j > i + 1 && j < n && s[j] == ';' ? j + 1 - i : 0;
}

bool jm_mm_ci_at(const char *s, size_t n, size_t i, const char *word)
{
    size_t l = strlen(word);
    return i + l <= n && strncasecmp(s + i, word, l) == 0;
}

/* End of a run of characters that are not in `stop` (entities kept whole). */
size_t jm_mm_run(const char *s, size_t n, size_t i, const char *stop)
{
    while (i < n) {
        size_t e = jm_mm_entity_at(s, n, i);
        if (e) { i += e; continue; }
        if (strchr(stop, s[i])) break;
        i++;
    }
    return i;
}

size_t jm_mm_line_end(const char *s, size_t n, size_t i)
{
    const char *nl = i < n ? memchr(s + i, '\n', n - i) : NULL;
    return nl ? (size_t)(nl - s) : n;
}

/* ---- detection ---- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* The end of a front-matter block that starts the text (Mermaid's regex
 * /^-{3}\s*[\n\r](.*?)[\n\r]-{3}\s*[\n\r]+/s), or 0; its YAML is [*ys, *ye). */
size_t jm_mm_front_matter(const char *s, size_t n, size_t *ys, size_t *ye)
{
    if (n < 3 || memcmp(s, "---", 3) != 0) return 0;
    size_t i = 3;
    while (i < n && s[i] != '\n' && jm_mm_space_at(s, n, i)) i += jm_mm_space_at(s, n, i);
    if (i >= n || s[i] != '\n') return 0;
    size_t start = i + 1;
    for (size_t k = start; k + 3 < n; k++) {
        if (s[k] != '\n' || memcmp(s + k + 1, "---", 3) != 0) continue;
        size_t j = k + 4, last_nl = 0, l;
        while ((l = jm_mm_space_at(s, n, j)) > 0) {
            if (s[j] == '\n') last_nl = j + 1;
            j += l;
        }
        if (!last_nl) continue;
        *ys = start;
        *ye = k;
        return last_nl;
    }
    return 0;
}

bool jm_is_mermaid(const char *data, size_t len, const char *file)
{
    if (file && (ends_with(file, ".mmd") || ends_with(file, ".mermaid"))) return true;
    if (!data) return false;
    size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, ys, ye;
    size_t fm = jm_mm_front_matter(data + i, len - i, &ys, &ye);
    i += fm;
    while (i < len) {
        size_t e = jm_mm_line_end(data, len, i);
        size_t t = jm_mm_skip_spaces(data, e, i);
        if (t < e && !(e - t >= 2 && data[t] == '%' && data[t + 1] == '%')) {
            if (e - t < 7 || memcmp(data + t, "journey", 7) != 0) return false;
            size_t r = jm_mm_skip_spaces(data, e, t + 7);
            return r == e || r > t + 7;
        }
        i = e + 1;
    }
    return false;
}

/* ---- Markdown ---- */

/* Offset of a ```mermaid (or ~~~mermaid) fence line, or len. */
static size_t mermaid_fence(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i = jm_mm_line_end(s, n, i) + 1) {
        size_t e = jm_mm_line_end(s, n, i), t = i;
        while (t < e && (s[t] == ' ' || s[t] == '\t')) t++;
        if (e - t < 3 || !(memcmp(s + t, "```", 3) == 0 || memcmp(s + t, "~~~", 3) == 0)) continue;
        char f = s[t];
        while (t < e && s[t] == f) t++;
        while (t < e && (s[t] == ' ' || s[t] == '\t')) t++;
        if (e - t >= 7 && strncasecmp(s + t, "mermaid", 7) == 0 && (e - t == 7 || !jm_mm_word_char(s[t + 7]))) return i;
    }
    return n;
}

static const char fence_message[] =
    "a Mermaid diagram inside a Markdown file is not read: save the diagram (the lines between the ```mermaid "
    "fence and its closing ```) in a file of its own ending in .mmd, then build or import that file";

void jm_mermaid_markdown_note(jmap_doc *doc)
{
    size_t at = mermaid_fence(doc->src, doc->len);
    if (at >= doc->len) return;
    if (ends_with(doc->file, ".md") || ends_with(doc->file, ".markdown") || ends_with(doc->file, ".mdx")) {
        doc->diags.n = 0; /* the YAML errors of a Markdown file would only confuse */
        doc->n_errors = 0;
        doc->truncated = false;
    }
    jm_pos pos;
    jm_line_col(doc->src, doc->len, at, &pos.line, &pos.col);
    jm_error(doc, pos, "%s", fence_message);
}

/* ---- text ---- */

size_t jm_mm_trim_start(const char *s, size_t from, size_t to) { return jm_mm_skip_spaces(s, to, from); }

size_t jm_mm_trim_end(const char *s, size_t from, size_t to)
{
    while (to > from) {
        size_t k = to - 1;
        while (k > from && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
        if (jm_mm_space_at(s, to, k) != to - k) break;
        to = k;
    }
    return to;
}

static const struct { const char *name, *text; } named[] = {
    {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"},
    {"colon", ":"}, {"semi", ";"}, {"num", "#"}, {"hash", "#"}, {"excl", "!"}, {"percnt", "%"},
};

/* Decodes entity `#...;` at s (length l) into out; returns bytes written. */
static size_t decode_entity(const char *s, size_t l, char *out)
{
    size_t k = 1;
    uint32_t c = 0;
    while (k < l - 1 && s[k] >= '0' && s[k] <= '9' && c <= 0x10FFFF) c = c * 10 + (uint32_t)(s[k++] - '0');
    if (k == l - 1 && k > 1) {
        bool ok = c >= 0x20 && !(c >= 0x7F && c <= 0x9F) && !(c >= 0xD800 && c <= 0xDFFF) && c <= 0x10FFFF &&
                  !jm_is_noncharacter(c);
        if (!ok) { memcpy(out, s, l); return l; }
        if (c < 0x80) { out[0] = (char)c; return 1; }
        if (c < 0x800) { out[0] = (char)(0xC0 | (c >> 6)); out[1] = (char)(0x80 | (c & 0x3F)); return 2; }
        if (c < 0x10000) {
            out[0] = (char)(0xE0 | (c >> 12));
            out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[2] = (char)(0x80 | (c & 0x3F));
            return 3;
        }
        out[0] = (char)(0xF0 | (c >> 18));
        out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[3] = (char)(0x80 | (c & 0x3F));
        return 4;
    }
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if (strlen(named[i].name) == l - 2 && strncmp(s + 1, named[i].name, l - 2) == 0) {
            size_t tl = strlen(named[i].text);
            memcpy(out, named[i].text, tl);
            return tl;
        }
    /* an unknown name: the browser shows Mermaid's &name; as written */
    out[0] = '&';
    memcpy(out + 1, s + 1, l - 1);
    return l;
}

/* `<br>`, `<br/>`, `<br />` (any case): the length at s[i], or 0. */
static size_t br_at(const char *s, size_t n, size_t i)
{
    if (!jm_mm_ci_at(s, n, i, "<br")) return 0;
    size_t j = jm_mm_skip_spaces(s, n, i + 3);
    if (j < n && s[j] == '/') j++;
    return j < n && s[j] == '>' ? j + 1 - i : 0;
}

/* Decodes the text [from, to) of s (already trimmed) into out, which has room
 * for 2 * (to - from) + 1 bytes: entities decoded, <br> and line breaks as
 * one '\n' without the spaces around it. NUL-terminated; returns its length. */
size_t jm_mm_decode(const char *s, size_t from, size_t to, char *out)
{
    size_t o = 0;
    for (size_t i = from; i < to;) {
        size_t l;
        if ((l = jm_mm_entity_at(s, to, i))) { o += decode_entity(s + i, l, out + o); i += l; }
        else if ((l = br_at(s, to, i)) || s[i] == '\n') {
            /* a line break, without the spaces around it (an indented line of accDescr { }) */
            while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\t')) o--;
            out[o++] = '\n';
            i = jm_mm_skip_spaces(s, to, i + (l ? l : 1));
        }
        else out[o++] = s[i++];
    }
    out[o] = '\0';
    return o;
}
