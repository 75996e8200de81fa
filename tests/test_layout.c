/* Layout geometry: every journey of a corpus (the examples, and generated
 * maps from 1 to 1000 touchpoints, 0 to 5 personas, texts in many scripts,
 * empty and very long texts, an empty stage, every lane) is laid out, and
 * the display list is checked by meaning: texts never overlap and stay in
 * their cells and on the page, nothing is wider than its wrap width, the
 * emotion curves stay in their band without overshooting, points run in
 * column order, rtl is the exact mirror of ltr, a persona view shows that
 * persona alone, and the lanes shown are the ones asked for. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glob.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/doc.h"
#include "jmap/jmap.h"
#include "layout/layout.h"
#include "model/model.h"
#include "layout/text.h"

#define TOL 0.5          /* units: overlap, containment, wrap width */
#define MIRROR_TOL 0.01
#define MAX_REPORTS 5    /* problems printed per check and journey */

static jm_text_ctx *tx;

/* ---- a string builder and a journey generator ---- */

typedef struct sb {
    char *s;
    size_t len, cap;
} sb;

static void sb_add(sb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert_true(n >= 0);
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = (b->len + (size_t)n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* A double-quoted YAML scalar. */
static void sb_quoted(sb *b, const char *s)
{
    sb_add(b, "\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') sb_add(b, "\\%c", *s);
        else sb_add(b, "%c", *s);
    }
    sb_add(b, "\"");
}

static char long_word[301];     /* 300 characters, no space */
static char long_text[1200];    /* many words */
static char long_cjk[3 * 160 + 1];

static void init_texts(void)
{
    for (int i = 0; i < 300; i++) long_word[i] = (char)('a' + i % 26);
    long_word[300] = '\0';
    long_text[0] = '\0';
    while (strlen(long_text) + 60 < sizeof long_text)
        strcat(long_text, "Waits on hold while the agent looks up the order again. ");
    long_cjk[0] = '\0';
    for (int i = 0; i < 32; i++) strcat(long_cjk, "终于约上了"); /* 160 characters */
}

/* Texts of every kind: Latin, Persian, Arabic, Chinese, emoji, long ones. */
static const char *text_at(unsigned k)
{
    static const char *const pool[] = {
        "Compares prices on three websites",
        "در گروه دوستانش می‌پرسد کدام بانک ثبت‌نام آنلاین دارد",
        "يقارن الأسعار في ثلاثة مواقع قبل أن يقرر",
        "终于约上了！比打电话容易多了。",
        "Relieved 😌🎉 👍🏽 👨‍👩‍👧",
        NULL, /* long_word */
        "Short",
        NULL, /* long_text */
        "Зникнення інтернету «Мережа Плюс»",
        NULL, /* long_cjk */
        "<b>not bold</b> &amp; plain",
    };
    unsigned n = sizeof pool / sizeof *pool;
    k %= n;
    if (k == 5) return long_word;
    if (k == 7) return long_text;
    if (k == 9) return long_cjk;
    return pool[k];
}

typedef struct spec {
    const char *label;
    int touchpoints, stages, personas;
    int empty_stage;            /* a stage with no touchpoints, or -1 */
    double lo, hi;              /* the scale */
    const char *direction;      /* ltr, rtl, or NULL for none */
    const char *lanes;          /* a lanes: value, or NULL for the default */
    bool every_lane;            /* fill every lane (else names and emotions only) */
    bool restrict_personas;     /* some touchpoints for some personas only */
} spec;

static unsigned rnd(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7fff;
}

/* An emotion on the scale; every fifth is an extreme. */
static double score(const spec *s, unsigned *state)
{
    unsigned r = rnd(state);
    if (r % 5 == 0) return (r / 5) % 2 ? s->hi : s->lo;
    return s->lo + (s->hi - s->lo) * (double)(r % 9) / 8.0;
}

static char *generate(const spec *s)
{
    sb b = {0};
    unsigned st = 7;
    sb_add(&b, "title: ");
    sb_quoted(&b, s->every_lane ? long_text : "Generated journey");
    sb_add(&b, "\nscale: [%g, %g]\n", s->lo, s->hi);
    if (s->every_lane) {
        sb_add(&b, "description: ");
        sb_quoted(&b, long_word);
        sb_add(&b, "\n");
    }
    if (s->direction) sb_add(&b, "direction: %s\n", s->direction);
    if (s->personas) sb_add(&b, "personas:\n");
    for (int p = 0; p < s->personas; p++) {
        /* names short enough for the legend: long ones have their own tests below */
        static const char *const names[] = {"سارا رحیمی", "Li Mei (李梅) 😌", "Maria Nowak", "Олена", "<b>Tom</b>"};
        sb_add(&b, "  - id: p%d\n    name: ", p + 1);
        sb_quoted(&b, names[p % 5]);
        sb_add(&b, "\n    color: \"#%02x%02x%02x\"\n", 40 * p + 20, 200 - 30 * p, 90 + 25 * p);
        if (!s->every_lane) continue;
        const char *keys[] = {"role", "occupation", "family", "quote"};
        for (int k = 0; k < 4; k++) {
            sb_add(&b, "    %s: ", keys[k]);
            sb_quoted(&b, text_at((unsigned)(p + k)));
            sb_add(&b, "\n");
        }
        sb_add(&b, "    age: %d\n", 30 + p);
        const char *lists[] = {"goals", "needs", "frustrations"};
        for (int k = 0; k < 3; k++) {
            sb_add(&b, "    %s: [", lists[k]);
            sb_quoted(&b, text_at((unsigned)(p + k + 4)));
            sb_add(&b, ", ");
            sb_quoted(&b, text_at((unsigned)(p + k + 5)));
            sb_add(&b, "]\n");
        }
    }
    if (s->every_lane) {
        sb_add(&b, "channels:\n  - id: own\n    name: ");
        sb_quoted(&b, "Dealership 🚗 وكالة");
        sb_add(&b, "\n    icon: store\n");
    }
    sb_add(&b, "stages:\n");
    int tp = 0;
    int filled = s->stages - (s->empty_stage >= 0 ? 1 : 0);
    for (int g = 0; g < s->stages; g++) {
        sb_add(&b, "  - id: s%d\n    name: ", g + 1);
        sb_quoted(&b, s->every_lane ? text_at((unsigned)g) : "Stage");
        sb_add(&b, "\n");
        if (s->every_lane) {
            sb_add(&b, "    goal: ");
            sb_quoted(&b, text_at((unsigned)g + 2));
            sb_add(&b, "\n    metrics:\n      NPS: \"+31\"\n      ");
            const char *key = text_at((unsigned)g + 5);
            sb_quoted(&b, strlen(key) < 1000 ? key : long_word); /* YAML keys stop at 1024 */
            sb_add(&b, ": ");
            sb_quoted(&b, text_at((unsigned)g + 1));
            sb_add(&b, "\n");
        }
        int n = 0;
        if (g != s->empty_stage) {
            int k = g < s->empty_stage || s->empty_stage < 0 ? g : g - 1;
            n = s->touchpoints / filled + (k < s->touchpoints % filled ? 1 : 0);
        }
        sb_add(&b, n ? "    touchpoints:\n" : "    touchpoints: []\n");
        for (int i = 0; i < n; i++, tp++) {
            sb_add(&b, "      - name: ");
            sb_quoted(&b, s->every_lane ? text_at((unsigned)tp) : "Touchpoint");
            sb_add(&b, "\n        channel: %s\n", s->every_lane && tp % 9 == 4 ? "own"
                                                   : jm_builtin_channel_ids[tp % JM_CH_BUILTIN_COUNT]);
            bool only[8] = {false};
            bool restricted = s->restrict_personas && s->personas >= 2 && tp % 3 == 1;
            if (restricted) {
                sb_add(&b, "        personas: [");
                for (int p = 0, first = 1; p < s->personas; p++)
                    if ((p + tp) % 2 == 0) {
                        only[p] = true;
                        sb_add(&b, "%sp%d", first ? "" : ", ", p + 1);
                        first = 0;
                    }
                sb_add(&b, "]\n");
            }
            if (tp % 6 != 5) { /* every sixth touchpoint has no score */
                if (s->personas >= 2 && tp % 2 == 0) {
                    sb_add(&b, "        emotion: {");
                    for (int p = 0, first = 1; p < s->personas; p++) {
                        if (restricted && !only[p]) continue;
                        if (p == 2 && tp % 4 == 0) continue; /* a gap in one curve */
                        sb_add(&b, "%sp%d: %g", first ? "" : ", ", p + 1, score(s, &st));
                        first = 0;
                    }
                    sb_add(&b, "}\n");
                } else {
                    sb_add(&b, "        emotion: %g\n", score(s, &st));
                }
            }
            if (tp % 7 == 3) sb_add(&b, "        moment: true\n");
            if (!s->every_lane) continue;
            static const char *const keys[] = {"feeling", "doing", "thinking", "owner"};
            for (int k = 0; k < 4; k++) {
                sb_add(&b, "        %s: ", keys[k]);
                /* every eleventh text is empty */
                sb_quoted(&b, (tp + k) % 11 == 10 ? "" : text_at((unsigned)(tp + k + 1)));
                sb_add(&b, "\n");
            }
            static const char *const lists[] = {"pains", "opportunities", "backstage"};
            for (int k = 0; k < 3; k++) {
                if ((tp + k) % 4 == 3) continue;
                sb_add(&b, "        %s: [", lists[k]);
                sb_quoted(&b, text_at((unsigned)(tp + 2 * k)));
                sb_add(&b, ", ");
                sb_quoted(&b, text_at((unsigned)(tp + 2 * k + 5)));
                sb_add(&b, "]\n");
            }
        }
    }
    if (s->lanes) sb_add(&b, "lanes: %s\n", s->lanes);
    return b.s;
}

/* ---- loading and laying out ---- */

/* True when every error of doc is the bound on what one map draws: layout
 * itself has no such bound, and these tests lay out maps past it on purpose
 * (1 000 touchpoints of long texts in many scripts) to stress the geometry. */
static bool only_draw_bounds(const jmap_doc *doc)
{
    for (size_t i = 0; i < jmap_doc_diag_count(doc); i++)
        if (jmap_doc_diag(doc, i)->severity == JMAP_ERROR &&
            !strstr(jmap_doc_diag(doc, i)->message, "a map draws at most"))
            return false;
    return true;
}

/* The journeys of a doc, also when its only errors are the draw bounds. */
static size_t n_journeys(const jmap_doc *doc) { return doc->n_journeys; }
static const jmap_journey *journey_at(const jmap_doc *doc, size_t i) { return doc->journeys[i]; }

static jmap_doc *load(const char *yaml, size_t len, const char *name)
{
    jmap_doc *doc = jmap_load(yaml, len, name);
    assert_non_null(doc);
    if (jmap_doc_error_count(doc) && !only_draw_bounds(doc)) {
        char buf[1024];
        for (size_t i = 0; i < jmap_doc_diag_count(doc) && i < 5; i++) {
            jmap_diag_format(doc, jmap_doc_diag(doc, i), buf, sizeof buf);
            print_error("%s\n", buf);
        }
        fail_msg("%s does not load", name);
    }
    assert_true(n_journeys(doc) > 0);
    return doc;
}

static jm_layout *lay_out(const jmap_journey *j, int persona)
{
    jm_layout_options opt = {.persona = persona};
    jm_layout *l = jm_layout_journey(tx, j, &opt);
    assert_non_null(l);
    return l;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    sb b = {0};
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        sb_add(&b, "%.*s", (int)n, buf);
    }
    fclose(f);
    *len = b.len;
    return b.s;
}

/* ---- the corpus: laid out once, checked by every test ---- */

typedef struct entry {
    char name[128];
    char *yaml;
    size_t len;
    jmap_doc *doc;
    const jmap_journey *j;
    jm_layout *l;
} entry;

#define MAX_CORPUS 64
static entry corpus[MAX_CORPUS];
static size_t n_corpus;

static void corpus_add(const char *name, char *yaml, size_t len)
{
    jmap_doc *doc = load(yaml, len, name);
    for (size_t i = 0; i < n_journeys(doc); i++) {
        assert_true(n_corpus < MAX_CORPUS);
        entry *e = &corpus[n_corpus++];
        snprintf(e->name, sizeof e->name, "%s#%zu", name, i + 1);
        e->yaml = i == 0 ? yaml : NULL;
        e->len = len;
        e->doc = i == 0 ? doc : NULL;
        e->j = journey_at(doc, i);
        e->l = lay_out(e->j, -1);
    }
}

static const spec generated[] = {
    {"1 touchpoint", 1, 1, 0, -1, 1, 5, NULL, NULL, false, false},
    {"7 touchpoints, texts", 7, 3, 1, -1, 1, 5, NULL, NULL, true, false},
    {"7 touchpoints, 2 personas", 7, 3, 2, -1, -2, 2, "ltr", NULL, false, true},
    {"100 touchpoints, 5 personas, texts", 100, 6, 5, 2, 0, 10, NULL, NULL, true, true},
    {"100 touchpoints, rtl", 100, 4, 3, -1, 1, 5, "rtl", NULL, true, true},
    {"1000 touchpoints, 3 personas", 1000, 12, 3, 5, 1, 7, NULL, NULL, true, true},
    {"4 personas, empty first stage", 9, 4, 4, 0, 1, 5, NULL, NULL, true, true},
    {"empty last stage", 5, 3, 1, 2, 1, 5, NULL, NULL, false, false},
    {"emotions lane only", 12, 3, 2, -1, 1, 5, NULL, "[emotions]", true, true},
    {"5 personas in rows, 2 touchpoints", 2, 2, 5, -1, 1, 5, "rtl", NULL, true, false},
};

/* A map in each built-in language and in scripts without one (Japanese,
 * Arabic, Chinese, Korean): every lane, the action plan, italics (goals,
 * quotes), long compounds and the language's own words. */
typedef struct lang_texts {
    const char *lang;
    const char *sentence, *compound, *feeling, *name;
} lang_texts;

static const lang_texts languages[] = {
    {"en", "Compares prices on three websites before deciding", "incomprehensibilities", "Relieved", "Maria"},
    {"uk", "Записується на прийом через реєстратуру лікарні", "високопродуктивністю", "Полегшення", "Олена"},
    {"ru", "Записывается на приём через регистратуру клиники", "человеконенавистничество", "Облегчение", "Анна"},
    {"fa", "در گروه دوستانش می‌پرسد کدام بانک ثبت‌نام آنلاین دارد", "مسئولیت‌ناپذیری‌هایشان", "امیدوار", "سارا"},
    {"pl", "Porównuje ceny w trzech sklepach przed decyzją", "konstantynopolitańczykowianeczka", "Ulga", "Marta"},
    {"de", "Vergleicht Angebote auf drei Webseiten vor der Entscheidung",
     "Kundenbeziehungsmanagementabteilungsleitung", "Erleichtert", "Jonas"},
    {"fr", "Compare les prix sur trois sites avant de décider", "anticonstitutionnellement", "Soulagé", "Léa"},
    {"es", "Compara precios en tres tiendas antes de decidir", "electroencefalografistas", "Aliviado", "Lucía"},
    {"ja", "電話より予約がずっと簡単になりました。待ち時間もありません。", "カスタマーエクスペリエンスマネージャー",
     "安心", "佐藤"},
    {"ar", "يقارن الأسعار في ثلاثة مواقع قبل أن يقرر", "فأسقيناكموه", "مرتاح", "ليلى"},
    {"zh", "终于约上了！比打电话容易多了。", "客户体验管理部门负责人", "放心", "李梅"},
    {"ko", "전화보다 예약이 훨씬 쉬워졌어요", "고객경험관리부서책임자", "안심", "민지"},
};

static char *generate_language(const lang_texts *t)
{
    sb b = {0};
    sb_add(&b, "lang: %s\ntitle: \"%s\"\ndescription: \"%s %s\"\n", t->lang, t->compound, t->sentence, t->compound);
    sb_add(&b, "personas:\n");
    for (int p = 0; p < 2; p++)
        sb_add(&b, "  - id: p%d\n    name: \"%s %d\"\n    role: \"%s\"\n    age: 3%d\n    goals: [\"%s\", \"%s\"]\n"
                   "    quote: \"%s\"\n",
               p + 1, t->name, p + 1, t->sentence, p, t->sentence, t->compound, t->sentence);
    sb_add(&b, "stages:\n");
    for (int g = 0; g < 3; g++) {
        sb_add(&b, "  - id: s%d\n    name: \"%s\"\n    goal: \"%s\"\n    metrics:\n      \"%s\": \"38\"\n"
                   "      NPS: {value: \"42\", target: \"50\"}\n    touchpoints:\n",
               g + 1, g == 1 ? t->compound : t->feeling, t->sentence, t->compound);
        for (int i = 0; i < 2; i++)
            sb_add(&b, "      - name: \"%s\"\n        channel: %s\n        emotion: {p1: %d, p2: %d}\n"
                       "        feeling: \"%s\"\n        doing: \"%s\"\n        thinking: \"%s %s\"\n"
                       "        pains: [\"%s\", \"%s\"]\n"
                       "        opportunities: [{text: \"%s\", priority: %s, status: doing, owner: \"%s\"}]\n"
                       "        evidence: [\"%s\"]\n        frontstage: [\"%s\"]\n        backstage: [\"%s\"]\n"
                       "        support: [\"%s\"]\n        owner: \"%s\"\n        metrics: {\"%s\": \"12\"}\n%s",
                   i ? t->compound : t->sentence, i ? "web" : "review", 1 + g + i, 5 - g - i, t->feeling,
                   t->sentence, t->sentence, t->compound, t->compound, t->sentence, t->sentence,
                   (g + i) % 3 == 0 ? "high" : (g + i) % 3 == 1 ? "medium" : "low", t->compound, t->sentence,
                   t->compound, t->sentence, t->compound, t->compound, t->feeling, i ? "        moment: true\n" : "");
    }
    sb_add(&b, "lanes: [touchpoints, doing, thinking, emotions, pains, opportunities, evidence, frontstage, backstage,"
               " support, owner, metrics, actions]\n");
    return b.s;
}

static int corpus_setup(void **state)
{
    (void)state;
    init_texts();
    tx = jm_text_ctx_new();
    if (!tx) return -1;
    const char *src = getenv("JMAP_SOURCE_DIR");
    char pattern[4096];
    snprintf(pattern, sizeof pattern, "%s/examples/*.yaml", src ? src : ".");
    glob_t g;
    if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
        print_error("no examples under %s (set JMAP_SOURCE_DIR)\n", pattern);
        return -1;
    }
    for (size_t i = 0; i < g.gl_pathc; i++) {
        size_t len;
        char *yaml = read_all(g.gl_pathv[i], &len);
        const char *base = strrchr(g.gl_pathv[i], '/');
        corpus_add(base ? base + 1 : g.gl_pathv[i], yaml, len);
    }
    globfree(&g);
    for (size_t i = 0; i < sizeof generated / sizeof *generated; i++) {
        char *yaml = generate(&generated[i]);
        corpus_add(generated[i].label, yaml, strlen(yaml));
    }
    for (size_t i = 0; i < sizeof languages / sizeof *languages; i++) {
        char *yaml = generate_language(&languages[i]);
        char name[64];
        snprintf(name, sizeof name, "lang %s", languages[i].lang);
        corpus_add(name, yaml, strlen(yaml));
    }
    return 0;
}

static int corpus_teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < n_corpus; i++) {
        jm_layout_free(corpus[i].l);
        if (corpus[i].doc) jmap_doc_free(corpus[i].doc);
        free(corpus[i].yaml);
    }
    n_corpus = 0;
    jm_text_ctx_free(tx);
    tx = NULL;
    return 0;
}

/* ---- describing items in messages ---- */

static const char *role_name(jm_role r)
{
    static const char *const names[] = {"decor", "title", "description", "persona", "stage", "lane-label", "cell",
                                        "card", "icon", "curve", "target", "point", "moment", "feeling", "band", "legend",
                                        "metric", "diff", "action"};
    return (size_t)r < sizeof names / sizeof *names ? names[r] : "?";
}

static const char *item_text(const jm_item *it)
{
    return it->text ? pango_layout_get_text(it->text) : "";
}

static void report(int *problems, const char *journey, const char *fmt, ...)
{
    if (++*problems > MAX_REPORTS) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    print_error("%s: %s\n", journey, buf);
}

#define BOX(b) (b).x, (b).y, (b).w, (b).h
#define BOXF "(%.2f %.2f %.2f x %.2f)"

/* ---- the checks, one function each, usable on any layout ---- */

/* Texts that must never share space. */
static bool disjoint_role(jm_role r)
{
    switch (r) {
    case JM_ROLE_TITLE: case JM_ROLE_DESCRIPTION: case JM_ROLE_PERSONA: case JM_ROLE_STAGE:
    case JM_ROLE_LANE_LABEL: case JM_ROLE_CELL: case JM_ROLE_FEELING: case JM_ROLE_METRIC: case JM_ROLE_LEGEND:
        return true;
    default:
        return false;
    }
}

typedef struct span {
    double x0, x1, y0, y1;
    size_t item;
} span;

static int by_x0(const void *a, const void *b)
{
    double d = ((const span *)a)->x0 - ((const span *)b)->x0;
    return d < 0 ? -1 : d > 0;
}

static int overlapping_texts(const jm_layout *l, const char *name)
{
    span *s = malloc((l->n_items + 1) * sizeof *s);
    assert_non_null(s);
    size_t n = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->kind != JM_ITEM_TEXT || !disjoint_role(it->role)) continue;
        s[n++] = (span){it->box.x, it->box.x + it->box.w, it->box.y, it->box.y + it->box.h, i};
    }
    qsort(s, n, sizeof *s, by_x0);
    int problems = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = i + 1; k < n && s[k].x0 < s[i].x1 - TOL; k++) {
            double ox = fmin(s[i].x1, s[k].x1) - s[k].x0;
            double oy = fmin(s[i].y1, s[k].y1) - fmax(s[i].y0, s[k].y0);
            if (ox <= TOL || oy <= TOL) continue;
            const jm_item *a = &l->items[s[i].item], *b = &l->items[s[k].item];
            report(&problems, name, "%s '%.40s' " BOXF " overlaps %s '%.40s' " BOXF, role_name(a->role),
                   item_text(a), BOX(a->box), role_name(b->role), item_text(b), BOX(b->box));
        }
    free(s);
    return problems;
}

static bool inside(jm_box in, jm_box out, double tol)
{
    return in.x >= out.x - tol && in.y >= out.y - tol && in.x + in.w <= out.x + out.w + tol &&
           in.y + in.h <= out.y + out.h + tol;
}

static int texts_outside_cells(const jm_layout *l, const char *name)
{
    int problems = 0;
    jm_box page = {0, 0, l->width, l->height};
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->kind != JM_ITEM_TEXT) continue;
        if (!inside(it->box, it->cell, TOL))
            report(&problems, name, "%s '%.40s' " BOXF " is outside its cell " BOXF, role_name(it->role),
                   item_text(it), BOX(it->box), BOX(it->cell));
        if (!inside(it->box, page, TOL))
            report(&problems, name, "%s '%.40s' " BOXF " is outside the page (%g x %g)", role_name(it->role),
                   item_text(it), BOX(it->box), l->width, l->height);
    }
    return problems;
}

/* Where a text's glyphs and lines really stand (its ink and its logical
 * extents, as the painters see them): the wrap box alone does not say where
 * a glyph of a right-to-left or letter-spaced line ends. */
static jm_box text_extent(const jm_item *it)
{
    PangoRectangle ink, logical;
    pango_layout_get_extents(it->text, &ink, &logical);
    double x0 = fmin(ink.x, logical.x), y0 = fmin(ink.y, logical.y);
    double x1 = fmax(ink.x + ink.width, logical.x + logical.width);
    double y1 = fmax(ink.y + ink.height, logical.y + logical.height);
    return (jm_box){it->box.x + x0 / PANGO_SCALE, it->box.y + y0 / PANGO_SCALE, (x1 - x0) / PANGO_SCALE,
                    (y1 - y0) / PANGO_SCALE};
}

/* A glyph's ink may reach past its advance by design (the side bearing of a
 * J, a quotation mark's tail, Arabic marks above the line): that far into
 * its cell's padding, in ems of its size. */
#define INK_OVERHANG 0.1

static double font_size(const jm_item *it)
{
    const PangoFontDescription *d = pango_layout_get_font_description(it->text);
    return d ? (double)pango_font_description_get_size(d) / PANGO_SCALE : 12;
}

/* Every text inside its cell and the page, across and down: its lines (the
 * logical extents) inside the cell, its ink inside the cell but for a
 * glyph's overhang, and all of it on the page. */
static int glyphs_outside_cells(const jm_layout *l, const char *name)
{
    int problems = 0;
    jm_box page = {0, 0, l->width, l->height};
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->kind != JM_ITEM_TEXT || !it->text) continue;
        PangoRectangle ink, logical;
        pango_layout_get_extents(it->text, &ink, &logical);
        jm_box lg = {it->box.x + (double)logical.x / PANGO_SCALE, it->box.y + (double)logical.y / PANGO_SCALE,
                     (double)logical.width / PANGO_SCALE, (double)logical.height / PANGO_SCALE};
        jm_box in = {it->box.x + (double)ink.x / PANGO_SCALE, it->box.y + (double)ink.y / PANGO_SCALE,
                     (double)ink.width / PANGO_SCALE, (double)ink.height / PANGO_SCALE};
        double over = INK_OVERHANG * font_size(it);
        if (!inside(lg, it->cell, TOL))
            report(&problems, name, "%s '%.40s': its lines " BOXF " leave its cell " BOXF, role_name(it->role),
                   item_text(it), BOX(lg), BOX(it->cell));
        if (ink.width > 0 && !inside(in, it->cell, TOL + over))
            report(&problems, name, "%s '%.40s': its ink " BOXF " leaves its cell " BOXF, role_name(it->role),
                   item_text(it), BOX(in), BOX(it->cell));
        jm_box all = text_extent(it);
        if (!inside(all, page, TOL))
            report(&problems, name, "%s '%.40s': " BOXF " leaves the page (%g x %g)", role_name(it->role),
                   item_text(it), BOX(all), l->width, l->height);
    }
    return problems;
}

static int texts_wider_than_box(const jm_layout *l, const char *name)
{
    int problems = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->kind != JM_ITEM_TEXT) continue;
        double w;
        jm_text_size(it->text, &w, NULL);
        if (w > it->box.w + TOL)
            report(&problems, name, "%s '%.40s' is %.2f wide in a box " BOXF, role_name(it->role), item_text(it), w,
                   BOX(it->box));
    }
    return problems;
}

static const jm_item *find_band(const jm_layout *l)
{
    for (size_t i = 0; i < l->n_items; i++)
        if (l->items[i].role == JM_ROLE_BAND) return &l->items[i];
    return NULL;
}

static double bezier(double p0, double p1, double p2, double p3, double t)
{
    double u = 1 - t;
    return u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3;
}

/* Curves and points inside the band; each Bezier segment stays between its
 * end points (a monotone interpolation never overshoots). */
static int curves_outside_band(const jm_layout *l, const char *name)
{
    int problems = 0;
    const jm_item *band = find_band(l);
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role != JM_ROLE_CURVE && it->role != JM_ROLE_POINT) continue;
        if (!band) {
            report(&problems, name, "a %s without an emotion band", role_name(it->role));
            continue;
        }
        double top = band->box.y - TOL, bottom = band->box.y + band->box.h + TOL;
        double left = band->box.x - TOL, right = band->box.x + band->box.w + TOL;
        if (it->role == JM_ROLE_POINT) {
            double cx = it->box.x + it->box.w / 2, cy = it->box.y + it->box.h / 2;
            if (cy < top || cy > bottom || cx < left || cx > right)
                report(&problems, name, "point at (%.2f, %.2f) is outside the band " BOXF, cx, cy, BOX(band->box));
            continue;
        }
        double py = 0; /* the previous node's y */
        for (size_t k = 0; k < it->n_segs; k++) {
            const jm_seg *s = &it->segs[k];
            if (s->kind == JM_SEG_CLOSE) continue;
            double ys[3] = {s->y, s->y1, s->y2}, xs[3] = {s->x, s->x1, s->x2};
            for (int c = 0; c < (s->kind == JM_SEG_CURVE ? 3 : 1); c++)
                if (ys[c] < top || ys[c] > bottom || xs[c] < left || xs[c] > right)
                    report(&problems, name, "curve %d, segment %zu: (%.2f, %.2f) is outside the band " BOXF,
                           it->persona, k, xs[c], ys[c], BOX(band->box));
            if (s->kind == JM_SEG_CURVE) {
                double lo = fmin(py, s->y) - TOL, hi = fmax(py, s->y) + TOL;
                for (int step = 1; step < 16; step++) {
                    double y = bezier(py, s->y1, s->y2, s->y, step / 16.0);
                    if (y < lo || y > hi) {
                        report(&problems, name, "curve %d, segment %zu overshoots: y %.2f outside [%.2f, %.2f]",
                               it->persona, k, y, lo + TOL, hi - TOL);
                        break;
                    }
                }
            }
            py = s->y;
        }
    }
    return problems;
}

/* Each persona's points run in column order, and its curve passes through
 * them: a curve may break into runs (across the touchpoints its persona
 * skips), each run through points that follow one another, the runs in
 * column order. */
static int points_out_of_order(const jm_layout *l, const char *name, bool rtl)
{
    int problems = 0;
    const jm_item **points = malloc((l->n_items + 1) * sizeof *points);
    assert_non_null(points);
    for (int p = -1; p < 8; p++) {
        double last = rtl ? INFINITY : -INFINITY;
        size_t n_points = 0;
        for (size_t i = 0; i < l->n_items; i++) {
            const jm_item *it = &l->items[i];
            if (it->persona != p || it->role != JM_ROLE_POINT) continue;
            double cx = it->box.x + it->box.w / 2;
            if (rtl ? cx >= last : cx <= last)
                report(&problems, name, "persona %d: point %zu at x %.2f comes after x %.2f", p, n_points, cx, last);
            last = cx;
            points[n_points++] = it;
        }
        /* each run's nodes are the centres of points that follow one another */
        size_t next = 0;
        for (size_t i = 0; i < l->n_items; i++) {
            const jm_item *curve = &l->items[i];
            if (curve->persona != p || curve->role != JM_ROLE_CURVE) continue;
            bool first = true;
            for (size_t k = 0; k < curve->n_segs; k++) {
                const jm_seg *s = &curve->segs[k];
                if (s->kind == JM_SEG_CLOSE) continue;
                bool at = false;
                while (next < n_points) {
                    const jm_item *pt = points[next++];
                    double cx = pt->box.x + pt->box.w / 2, cy = pt->box.y + pt->box.h / 2;
                    at = fabs(s->x - cx) <= MIRROR_TOL && fabs(s->y - cy) <= MIRROR_TOL;
                    if (at || !first) break;
                }
                if (!at) {
                    report(&problems, name, "persona %d: curve node (%.2f, %.2f) is not at its next point", p, s->x,
                           s->y);
                    break;
                }
                first = false;
            }
        }
    }
    free(points);
    return problems;
}

static int geometry_problems(const jm_layout *l, const char *name, bool rtl)
{
    return overlapping_texts(l, name) + texts_outside_cells(l, name) + texts_wider_than_box(l, name) +
           curves_outside_band(l, name) + points_out_of_order(l, name, rtl);
}

/* No feeling covers a point, a star or a target's ring (its text's ink box
 * against their boxes, less a pixel of antialiasing). */
static int feelings_over_marks(const jm_layout *l, const char *name)
{
    int problems = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *f = &l->items[i];
        if (f->role != JM_ROLE_FEELING || !f->text) continue;
        PangoRectangle ink;
        pango_layout_get_pixel_extents(f->text, &ink, NULL);
        jm_box a = {f->box.x + ink.x, f->box.y + ink.y, ink.width, ink.height};
        for (size_t k = 0; k < l->n_items; k++) {
            const jm_item *m = &l->items[k];
            bool mark = m->role == JM_ROLE_POINT || (m->role == JM_ROLE_MOMENT && m->box.w > 17) ||
                        (m->role == JM_ROLE_TARGET && m->fill_alpha > 0);
            if (!mark) continue;
            jm_box b = m->box;
            if (a.x < b.x + b.w - 1 && b.x + 1 < a.x + a.w && a.y < b.y + b.h - 1 && b.y + 1 < a.y + a.h)
                report(&problems, name, "feeling '%.30s' " BOXF " covers a %s " BOXF, item_text(f), BOX(a),
                       role_name(m->role), BOX(b));
        }
    }
    return problems;
}

/* ---- tests over the corpus ---- */

static void run_over_corpus(int (*check)(const jm_layout *, const char *))
{
    assert_true(n_corpus > 10);
    int problems = 0;
    for (size_t i = 0; i < n_corpus; i++) problems += check(corpus[i].l, corpus[i].name);
    assert_int_equal(problems, 0);
}

static void test_texts_do_not_overlap(void **state)
{
    (void)state;
    run_over_corpus(overlapping_texts);
}

static void test_texts_stay_in_their_cells_and_on_the_page(void **state)
{
    (void)state;
    run_over_corpus(texts_outside_cells);
}

static void test_every_glyph_stays_in_its_cell_and_on_the_page(void **state)
{
    (void)state;
    run_over_corpus(glyphs_outside_cells);
}

static void test_no_text_is_wider_than_its_wrap_width(void **state)
{
    (void)state;
    run_over_corpus(texts_wider_than_box);
}

static void test_no_feeling_covers_a_point_a_star_or_a_target(void **state)
{
    (void)state;
    run_over_corpus(feelings_over_marks);
}

static void test_curves_and_points_stay_in_the_band_without_overshoot(void **state)
{
    (void)state;
    run_over_corpus(curves_outside_band);
}

static void test_points_run_in_column_order_along_their_curve(void **state)
{
    (void)state;
    int problems = 0;
    for (size_t i = 0; i < n_corpus; i++)
        problems += points_out_of_order(corpus[i].l, corpus[i].name, corpus[i].j->rtl);
    assert_int_equal(problems, 0);
}

static void test_corpus_covers_scripts_sizes_and_lanes(void **state)
{
    (void)state;
    /* the corpus is what the other tests stand on: make sure it has it all */
    bool rtl = false, lane[JM_LANE_COUNT] = {false}, empty_stage = false;
    size_t most = 0, most_personas = 0;
    for (size_t i = 0; i < n_corpus; i++) {
        const jmap_journey *j = corpus[i].j;
        rtl |= j->rtl;
        if (j->n_touchpoints > most) most = j->n_touchpoints;
        if (j->n_personas > most_personas) most_personas = j->n_personas;
        for (size_t k = 0; k < j->n_lanes; k++) lane[j->lanes[k]] = true;
        for (size_t s = 0; s < j->n_stages; s++) empty_stage |= j->stages[s].n_touchpoints == 0;
    }
    assert_true(rtl);
    assert_true(empty_stage);
    assert_int_equal(most, 1000);
    assert_int_equal(most_personas, 5);
    for (int k = 0; k < JM_LANE_COUNT; k++) assert_true(lane[k]);
}

/* ---- direction ---- */

/* The same YAML with `direction:` set in every document. */
static char *with_direction(const char *yaml, const char *dir)
{
    sb b = {0};
    sb_add(&b, "direction: %s\n", dir);
    const char *p = yaml;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) + 1 : strlen(p);
        if (strncmp(p, "direction:", 10) != 0) sb_add(&b, "%.*s", (int)n, p);
        if (strncmp(p, "---", 3) == 0) sb_add(&b, "direction: %s\n", dir);
        p += n;
    }
    return b.s;
}

static bool near(double a, double b) { return fabs(a - b) <= MIRROR_TOL; }

static bool mirrored(jm_box r, jm_box l, double width)
{
    return near(r.x, width - l.x - l.w) && near(r.y, l.y) && near(r.w, l.w) && near(r.h, l.h);
}

static int mirror_problems(const jm_layout *ltr, const jm_layout *rtl, const char *name)
{
    int problems = 0;
    if (ltr->width != rtl->width || ltr->height != rtl->height)
        report(&problems, name, "ltr is %g x %g, rtl %g x %g", ltr->width, ltr->height, rtl->width, rtl->height);
    if (ltr->n_items != rtl->n_items) {
        report(&problems, name, "ltr has %zu items, rtl %zu", ltr->n_items, rtl->n_items);
        return problems;
    }
    double W = ltr->width;
    for (size_t i = 0; i < ltr->n_items; i++) {
        const jm_item *a = &ltr->items[i], *b = &rtl->items[i];
        if (a->kind != b->kind || a->role != b->role) {
            report(&problems, name, "item %zu is a %s in ltr and a %s in rtl", i, role_name(a->role),
                   role_name(b->role));
            continue;
        }
        if (!mirrored(b->box, a->box, W))
            report(&problems, name, "item %zu (%s '%.30s'): rtl box " BOXF " is not the mirror of " BOXF, i,
                   role_name(a->role), item_text(a), BOX(b->box), BOX(a->box));
        if (a->kind == JM_ITEM_TEXT && !mirrored(b->cell, a->cell, W))
            report(&problems, name, "item %zu (%s '%.30s'): rtl cell " BOXF " is not the mirror of " BOXF, i,
                   role_name(a->role), item_text(a), BOX(b->cell), BOX(a->cell));
        if (a->kind == JM_ITEM_TEXT && strcmp(item_text(a), item_text(b)) != 0)
            report(&problems, name, "item %zu says '%.30s' in ltr and '%.30s' in rtl", i, item_text(a),
                   item_text(b));
        for (size_t k = 0; k < a->n_segs && k < b->n_segs; k++) {
            const jm_seg *s = &a->segs[k], *t = &b->segs[k];
            if (s->kind == JM_SEG_CLOSE) continue;
            if (a->keep_shape) { /* moved to its mirrored place, not reflected */
                if (!near(t->x - b->box.x, s->x - a->box.x) || !near(t->y, s->y))
                    report(&problems, name, "item %zu (a kept shape) segment %zu is not moved alike", i, k);
                continue;
            }
            if (!near(t->x, W - s->x) || !near(t->y, s->y) ||
                (s->kind == JM_SEG_CURVE && (!near(t->x1, W - s->x1) || !near(t->x2, W - s->x2))))
                report(&problems, name, "item %zu (%s) segment %zu is not mirrored", i, role_name(a->role), k);
        }
    }
    return problems;
}

static int compare_directions(const char *yaml, const char *name)
{
    char *l_yaml = with_direction(yaml, "ltr"), *r_yaml = with_direction(yaml, "rtl");
    jmap_doc *ld = load(l_yaml, strlen(l_yaml), name), *rd = load(r_yaml, strlen(r_yaml), name);
    assert_int_equal(n_journeys(ld), n_journeys(rd));
    int problems = 0;
    for (size_t i = 0; i < n_journeys(ld); i++) {
        assert_false(journey_at(ld, i)->rtl);
        assert_true(journey_at(rd, i)->rtl);
        jm_layout *a = lay_out(journey_at(ld, i), -1), *b = lay_out(journey_at(rd, i), -1);
        problems += mirror_problems(a, b, name);
        jm_layout_free(a);
        jm_layout_free(b);
    }
    jmap_doc_free(ld);
    jmap_doc_free(rd);
    free(l_yaml);
    free(r_yaml);
    return problems;
}

static void test_rtl_is_the_mirror_of_ltr(void **state)
{
    (void)state;
    int problems = 0;
    size_t compared = 0;
    for (size_t i = 0; i < n_corpus; i++) {
        if (!corpus[i].yaml || corpus[i].j->n_touchpoints > 200) continue; /* 1000 touchpoints: below */
        problems += compare_directions(corpus[i].yaml, corpus[i].name);
        compared++;
    }
    assert_true(compared >= 10);
    assert_int_equal(problems, 0);
}

static void test_rtl_mirror_holds_at_1000_touchpoints(void **state)
{
    (void)state;
    spec s = {"1000", 1000, 10, 2, 3, 1, 5, NULL, NULL, false, true};
    char *yaml = generate(&s);
    assert_int_equal(compare_directions(yaml, "1000 touchpoints"), 0);
    free(yaml);
}

/* The stage headers' x order: stage one at the left for ltr, at the right for rtl. */
static void stage_one_side(const entry *e, double *first_x, double *last_x)
{
    const jmap_journey *j = e->j;
    *first_x = *last_x = NAN;
    for (size_t i = 0; i < e->l->n_items; i++) {
        const jm_item *it = &e->l->items[i];
        if (it->role != JM_ROLE_STAGE) continue;
        const char *t = item_text(it);
        if (isnan(*first_x) && strcmp(t, j->stages[0].name.s) == 0) *first_x = it->box.x;
        if (strcmp(t, j->stages[j->n_stages - 1].name.s) == 0) *last_x = it->box.x;
    }
}

static void test_auto_direction_puts_a_persian_map_right_to_left(void **state)
{
    (void)state;
    bool seen = false;
    for (size_t i = 0; i < n_corpus; i++) {
        if (strncmp(corpus[i].name, "persian-bank", 12) != 0) continue;
        seen = true;
        assert_true(corpus[i].j->rtl);
        double first, last;
        stage_one_side(&corpus[i], &first, &last);
        assert_false(isnan(first) || isnan(last));
        assert_true(first > last);
    }
    assert_true(seen);
}

/* ---- persona views ---- */

static size_t count_role(const jm_layout *l, jm_role role, int persona, bool any_persona)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n_items; i++)
        if (l->items[i].role == role && (any_persona || l->items[i].persona == persona)) n++;
    return n;
}

static bool has_lane(const jmap_journey *j, jm_lane lane)
{
    for (size_t i = 0; i < j->n_lanes; i++)
        if (j->lanes[i] == lane) return true;
    return false;
}

static int persona_view_problems(const entry *e)
{
    const jmap_journey *j = e->j;
    int problems = 0;
    for (size_t p = 0; p < j->n_personas; p++) {
        jm_layout *l = lay_out(j, (int)p);
        char name[200];
        snprintf(name, sizeof name, "%.120s, persona %zu", e->name, p);
        size_t shown = 0, scored = 0;
        for (size_t s = 0; s < j->n_stages; s++)
            for (size_t t = 0; t < j->stages[s].n_touchpoints; t++) {
                const jm_touchpoint *tp = &j->stages[s].touchpoints[t];
                if (tp->has_persona && !tp->has_persona[p]) continue;
                shown++;
                scored += !isnan(tp->emotion[p]);
            }
        /* only this persona's curve and points */
        bool emotions = has_lane(j, JM_LANE_EMOTIONS);
        size_t curves = count_role(l, JM_ROLE_CURVE, 0, true), points = count_role(l, JM_ROLE_POINT, 0, true);
        if (count_role(l, JM_ROLE_CURVE, (int)p, false) != curves || curves != (emotions && scored >= 2 ? 1u : 0u))
            report(&problems, name, "%zu curves, %zu of them its own; expected %d", curves,
                   count_role(l, JM_ROLE_CURVE, (int)p, false), emotions && scored >= 2);
        if (count_role(l, JM_ROLE_POINT, (int)p, false) != points || points != (emotions ? scored : 0))
            report(&problems, name, "%zu points, %zu of them its own; expected %zu", points,
                   count_role(l, JM_ROLE_POINT, (int)p, false), emotions ? scored : 0);
        /* only the touchpoints this persona goes through */
        size_t cards = count_role(l, JM_ROLE_CARD, 0, true);
        if (cards != (has_lane(j, JM_LANE_TOUCHPOINTS) ? shown : 0))
            report(&problems, name, "%zu cards for %zu touchpoints", cards, shown);
        /* and only its own persona card */
        for (size_t i = 0; i < l->n_items; i++) {
            const jm_item *it = &l->items[i];
            if (it->role != JM_ROLE_PERSONA) continue;
            if (strcmp(item_text(it), j->personas[p].name.s) != 0)
                report(&problems, name, "the first persona text is '%.40s'", item_text(it));
            break;
        }
        problems += geometry_problems(l, name, j->rtl);
        jm_layout_free(l);
    }
    return problems;
}

static void test_persona_view_shows_that_persona_alone(void **state)
{
    (void)state;
    size_t views = 0;
    int problems = 0;
    for (size_t i = 0; i < n_corpus; i++) {
        if (corpus[i].j->n_touchpoints > 200) continue;
        problems += persona_view_problems(&corpus[i]);
        views += corpus[i].j->n_personas;
    }
    assert_true(views >= 10);
    assert_int_equal(problems, 0);
}

static void test_all_personas_view_has_every_card_and_curve(void **state)
{
    (void)state;
    for (size_t i = 0; i < n_corpus; i++) {
        const jmap_journey *j = corpus[i].j;
        const jm_layout *l = corpus[i].l;
        size_t np = j->n_personas ? j->n_personas : 1, curves = 0, points = 0;
        for (size_t p = 0; p < np; p++) { /* a curve a run of two points or more between skipped touchpoints */
            size_t run = 0;
            for (size_t s = 0; s < j->n_stages; s++)
                for (size_t t = 0; t < j->stages[s].n_touchpoints; t++) {
                    const jm_touchpoint *tp = &j->stages[s].touchpoints[t];
                    if (tp->has_persona && !tp->has_persona[p]) {
                        curves += run >= 2;
                        run = 0;
                    } else if (!isnan(tp->emotion[p])) {
                        run++;
                        points++;
                    }
                }
            curves += run >= 2;
        }
        bool emotions = has_lane(j, JM_LANE_EMOTIONS);
        if (count_role(l, JM_ROLE_CURVE, 0, true) != (emotions ? curves : 0) ||
            count_role(l, JM_ROLE_POINT, 0, true) != (emotions ? points : 0) ||
            count_role(l, JM_ROLE_CARD, 0, true) != (has_lane(j, JM_LANE_TOUCHPOINTS) ? j->n_touchpoints : 0))
            fail_msg("%s: %zu curves, %zu points, %zu cards", corpus[i].name, count_role(l, JM_ROLE_CURVE, 0, true),
                     count_role(l, JM_ROLE_POINT, 0, true), count_role(l, JM_ROLE_CARD, 0, true));
    }
}

/* ---- lanes ---- */

/* The English title of each lane, as drawn: words.h's. */
#define lane_title(k) jm_word_text(NULL, (jm_word)(k))

/* The lanes a layout shows, from top to bottom, as a string "TOUCHPOINTS,DOING". */
static void shown_lanes(const jm_layout *l, char *out, size_t size)
{
    out[0] = '\0';
    double last_y = -INFINITY;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role != JM_ROLE_LANE_LABEL) continue;
        for (int k = 0; k < JM_LANE_COUNT; k++) {
            if (strcmp(item_text(it), lane_title(k)) != 0) continue;
            size_t n = strlen(out);
            /* a label above the previous one shows as "^" */
            snprintf(out + n, size - n, "%s%s%s", n ? "," : "", it->box.y > last_y ? "" : "^", lane_title(k));
            last_y = it->box.y;
        }
    }
}

static jm_layout *lay_out_yaml(const char *yaml, jmap_doc **doc)
{
    *doc = load(yaml, strlen(yaml), "lanes.yaml");
    return lay_out(journey_at(*doc, 0), -1);
}

static void expect_lanes(const char *yaml, const char *want)
{
    jmap_doc *doc;
    jm_layout *l = lay_out_yaml(yaml, &doc);
    char got[256];
    shown_lanes(l, got, sizeof got);
    int problems = geometry_problems(l, "lanes.yaml", false);
    jm_layout_free(l);
    jmap_doc_free(doc);
    if (strcmp(got, want) != 0) fail_msg("lanes shown: %s, expected %s, for:\n%s", got, want, yaml);
    assert_int_equal(problems, 0);
}

static void test_emotions_lane_alone_has_no_cards_and_no_cells(void **state)
{
    (void)state;
    static const char yaml[] = "title: T\n"
                               "lanes: [emotions]\n"
                               "stages:\n"
                               "  - name: S\n"
                               "    metrics: {NPS: 3}\n"
                               "    touchpoints:\n"
                               "      - {name: A, channel: web, emotion: 2, doing: D, pains: [P], owner: O}\n"
                               "      - {name: B, emotion: 4, feeling: Glad, thinking: Hm}\n";
    jmap_doc *doc;
    jm_layout *l = lay_out_yaml(yaml, &doc);
    size_t cards = count_role(l, JM_ROLE_CARD, 0, true), cells = count_role(l, JM_ROLE_CELL, 0, true),
           metrics = count_role(l, JM_ROLE_METRIC, 0, true), bands = count_role(l, JM_ROLE_BAND, 0, true),
           curves = count_role(l, JM_ROLE_CURVE, 0, true), feelings = count_role(l, JM_ROLE_FEELING, 0, true);
    char got[256];
    shown_lanes(l, got, sizeof got);
    jm_layout_free(l);
    jmap_doc_free(doc);
    assert_int_equal(cards, 0);
    assert_int_equal(cells, 0);
    assert_int_equal(metrics, 0);
    assert_int_equal(bands, 1);
    assert_int_equal(curves, 1);
    assert_int_equal(feelings, 1);
    assert_string_equal(got, "EMOTIONS");
}

static void test_default_lanes_are_those_with_content(void **state)
{
    (void)state;
    expect_lanes("title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n", "TOUCHPOINTS");
    expect_lanes("title: T\nstages:\n  - name: S\n    touchpoints:\n      - {name: A, owner: O, doing: D}\n",
                 "TOUCHPOINTS,DOING,OWNER");
    expect_lanes("title: T\nstages:\n  - name: S\n    touchpoints:\n      - {name: A, feeling: Calm}\n",
                 "TOUCHPOINTS,EMOTIONS");
    expect_lanes("title: T\nstages:\n  - name: S\n    metrics: {CSAT: 4}\n    touchpoints:\n"
                 "      - {name: A, emotion: 2, backstage: [B]}\n      - {name: B, opportunities: [O], pains: P}\n",
                 "TOUCHPOINTS,EMOTIONS,PAIN POINTS,OPPORTUNITIES,BACKSTAGE,METRICS");
    expect_lanes("title: T\nstages:\n  - name: S\n    touchpoints: []\n", "");
    /* empty texts are no content */
    expect_lanes("title: T\nstages:\n  - name: S\n    touchpoints:\n      - {name: A, doing: '', thinking: ''}\n",
                 "TOUCHPOINTS");
    /* an example with every lane */
    bool seen = false;
    for (size_t i = 0; i < n_corpus; i++) {
        if (strncmp(corpus[i].name, "car-purchase", 12) != 0) continue;
        char got[256];
        shown_lanes(corpus[i].l, got, sizeof got);
        assert_string_equal(got, "TOUCHPOINTS,DOING,THINKING,EMOTIONS,PAIN POINTS,OPPORTUNITIES,BACKSTAGE,OWNER,"
                                 "METRICS");
        seen = true;
    }
    assert_true(seen);
}

static void test_given_lanes_are_shown_in_their_order_even_when_empty(void **state)
{
    (void)state;
    expect_lanes("title: T\nlanes: [metrics, owner, touchpoints, pains]\nstages:\n  - name: S\n    touchpoints:\n"
                 "      - {name: A, doing: D}\n",
                 "METRICS,OWNER,TOUCHPOINTS,PAIN POINTS");
}

/* ---- edge cases, each on its own so a failure names it ---- */

/* Lays out every journey of yaml (which it frees) and checks its geometry. */
static void expect_clean_layout(char *yaml, const char *name)
{
    jmap_doc *doc = load(yaml, strlen(yaml), name);
    free(yaml);
    int problems = 0;
    for (size_t i = 0; i < n_journeys(doc); i++) {
        const jmap_journey *j = journey_at(doc, i);
        jm_layout *l = lay_out(j, -1);
        problems += geometry_problems(l, name, j->rtl);
        jm_layout_free(l);
    }
    jmap_doc_free(doc);
    assert_int_equal(problems, 0);
}

static void test_a_300_character_word_breaks_everywhere_it_can_stand(void **state)
{
    (void)state;
    sb b = {0};
    /* persona and channel names appear in the legend too: see the legend tests */
    sb_add(&b, "title: %s\ndescription: %s\npersonas:\n  - name: P\n    role: %s\n    goals: [%s]\n"
               "    quote: %s\nchannels:\n  - {id: c, name: C}\nstages:\n  - name: %s\n    goal: %s\n"
               "    metrics: {%s: %s}\n    touchpoints:\n",
           long_word, long_word, long_word, long_word, long_word, long_word, long_word, long_word, long_word);
    sb_add(&b, "      - {name: %s, channel: c, emotion: 1, feeling: %s, doing: %s, thinking: %s, pains: [%s], "
               "opportunities: [%s], backstage: [%s], owner: %s, moment: true}\n",
           long_word, long_word, long_word, long_word, long_word, long_word, long_word, long_word);
    sb_add(&b, "      - {name: %s, emotion: 5, feeling: %s}\n", long_word, long_word);
    expect_clean_layout(b.s, "long words");
}

/* A German compound a little too wide for a one-column stage header is drawn
 * smaller, on one line, rather than broken between two of its letters. */
static void test_a_long_compound_in_a_stage_header_is_shrunk_not_broken(void **state)
{
    (void)state;
    jmap_doc *doc;
    jm_layout *l = lay_out_yaml("title: T\nlang: de\nstages:\n  - name: Verl\xc3\xa4ngerungsschreiben\n"
                                "    touchpoints: [{name: A}]\n  - name: Wechsel\n    touchpoints: [{name: B}]\n",
                                &doc);
    int seen = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role != JM_ROLE_STAGE || !it->text || strncmp(item_text(it), "Verl", 4) != 0) continue;
        seen++;
        assert_int_equal(pango_layout_get_line_count(it->text), 1);
        double w, h;
        jm_text_size(it->text, &w, &h);
        assert_true(w <= it->box.w + 0.5);
    }
    assert_int_equal(seen, 1);
    assert_int_equal(geometry_problems(l, "compound", false), 0);
    jm_layout_free(l);
    jmap_doc_free(doc);
}

static void test_a_long_persona_name_stays_inside_the_legend(void **state)
{
    (void)state;
    /* the legend repeats each persona's name beside its curve colour */
    sb b = {0};
    sb_add(&b, "title: T\npersonas:\n  - name: %s\n  - name: Short\nstages:\n  - name: S\n    touchpoints:\n"
               "      - {name: A, emotion: 1}\n      - {name: B, emotion: 5}\n",
           long_word);
    expect_clean_layout(b.s, "long persona name");
}

static void test_a_long_channel_name_stays_inside_the_legend(void **state)
{
    (void)state;
    sb b = {0};
    sb_add(&b, "title: T\nchannels:\n  - {id: c, name: %s}\nstages:\n  - name: S\n    touchpoints:\n"
               "      - {name: A, channel: c}\n      - {name: B, channel: web}\n",
           long_text);
    expect_clean_layout(b.s, "long channel name");
}

static void test_extreme_scales_keep_the_curve_in_the_band(void **state)
{
    (void)state;
    expect_clean_layout(strdup("title: T\nscale: [0, 1000000]\nstages:\n  - name: S\n    touchpoints:\n"
                               "      - {name: A, emotion: 0}\n      - {name: B, emotion: 1000000}\n"
                               "      - {name: C, emotion: 999999}\n      - {name: D, emotion: 0}\n"
                               "      - {name: E, emotion: 1000000}\n"),
                        "scale 0..1e6");
    expect_clean_layout(strdup("title: T\nscale: [-0.001, 0.0025]\nstages:\n  - name: S\n    touchpoints:\n"
                               "      - {name: A, emotion: -0.001, feeling: Low}\n      - {name: B, emotion: 0.0025}\n"
                               "      - {name: C, emotion: 0.0024, feeling: High}\n"),
                        "scale -0.001..0.0025");
}

/* 100 personas' points and targets spread over the scale in one column, a
 * long feeling in it and in another: the band grows with what is drawn
 * (it took the busiest column's marks times the tallest feeling: hundreds
 * of thousands of units), and no feeling covers a mark all the same. */
static void test_the_band_is_in_proportion_to_its_marks_and_feelings(void **state)
{
    (void)state;
    sb b = {0};
    sb_add(&b, "title: T\npersonas:\n");
    for (int p = 0; p < 100; p++) sb_add(&b, "  - {name: P%d, id: p%d}\n", p, p);
    sb_add(&b, "stages:\n  - name: S\n    touchpoints:\n      - name: Busy\n        emotion: {");
    for (int p = 0; p < 100; p++) sb_add(&b, "%sp%d: %.3f", p ? ", " : "", p, 1 + 4.0 * p / 99);
    sb_add(&b, "}\n        target: {");
    for (int p = 0; p < 100; p++) sb_add(&b, "%sp%d: %.3f", p ? ", " : "", p, 4.995 - 4.0 * p / 99.5);
    sb_add(&b, "}\n        feeling: \"%s\"\n", long_text);
    sb_add(&b, "      - {name: Other, emotion: 3, feeling: \"%s %s\"}\n", long_text, long_text);
    jmap_doc *doc = load(b.s, b.len, "busy band");
    free(b.s);
    jm_layout *l = lay_out(journey_at(doc, 0), -1);
    const jm_item *band = find_band(l);
    double tallest = 0; /* the tallest feeling */
    for (size_t i = 0; i < l->n_items; i++)
        if (l->items[i].role == JM_ROLE_FEELING) tallest = fmax(tallest, l->items[i].box.h);
    assert_non_null(band);
    /* 200 marks of at most 20 units one above the other, and the tallest feeling, four times over */
    double bound = 4 * (200 * 20 + tallest + 14);
    if (band->box.h > bound) fail_msg("the band is %.0f tall; at most %.0f", band->box.h, bound);
    assert_int_equal(geometry_problems(l, "busy band", false) + feelings_over_marks(l, "busy band"), 0);
    jm_layout_free(l);
    jmap_doc_free(doc);
}

static void test_long_persona_details_are_kept_whole(void **state)
{
    (void)state;
    /* role, age, occupation and family share one line of the persona card */
    sb b = {0};
    sb_add(&b, "title: T\npersonas:\n  - name: P\n    role: ");
    for (int i = 0; i < 1100; i++) sb_add(&b, "\xc3\xa9"); /* 1100 x e-acute: 2200 bytes */
    sb_add(&b, "\n    occupation: Teacher\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n");
    jmap_doc *doc = load(b.s, b.len, "long role");
    free(b.s);
    jm_layout *l = lay_out(journey_at(doc, 0), -1);
    bool valid = true, occupation = false;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->kind != JM_ITEM_TEXT) continue;
        valid &= g_utf8_validate(item_text(it), -1, NULL);
        if (it->role == JM_ROLE_PERSONA && strstr(item_text(it), "Teacher")) occupation = true;
    }
    jm_layout_free(l);
    jmap_doc_free(doc);
    assert_true(valid);
    assert_true(occupation);
}

static void test_forty_personas_all_get_card_backgrounds(void **state)
{
    (void)state;
    /* 60 touchpoints make the page wide enough for 38 cards a row: the first
     * row holds more than the 32 cards whose backgrounds were once kept */
    sb b = {0};
    sb_add(&b, "title: T\npersonas:\n");
    for (int p = 0; p < 40; p++) sb_add(&b, "  - {id: p%d, name: Persona %d, role: Tester}\n", p, p);
    sb_add(&b, "stages:\n  - name: S\n    touchpoints:\n");
    for (int t = 0; t < 60; t++) sb_add(&b, "      - {name: T%d}\n", t);
    jmap_doc *doc = load(b.s, b.len, "40 personas");
    free(b.s);
    jm_layout *l = lay_out(journey_at(doc, 0), -1);
    size_t names = 0, cards = 0, bars = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->kind == JM_ITEM_TEXT && it->role == JM_ROLE_PERSONA && strncmp(item_text(it), "Persona ", 8) == 0)
            names++;
        if (it->kind != JM_ITEM_RECT || it->role != JM_ROLE_DECOR) continue;
        if (it->box.w >= 300 && it->radius == 10 && it->box.h > 0) cards++;
        if (it->box.w == 6 && it->radius == 3 && it->box.h > 0) bars++;
    }
    /* each card's background lies behind its name */
    size_t behind = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *t = &l->items[i];
        if (t->kind != JM_ITEM_TEXT || t->role != JM_ROLE_PERSONA || strncmp(item_text(t), "Persona ", 8) != 0)
            continue;
        for (size_t k = 0; k < i; k++) {
            const jm_item *c = &l->items[k];
            if (c->kind == JM_ITEM_RECT && c->box.w >= 300 && c->radius == 10 && c->box.x <= t->box.x &&
                t->box.x + t->box.w <= c->box.x + c->box.w && c->box.y <= t->box.y &&
                t->box.y + t->box.h <= c->box.y + c->box.h) {
                behind++;
                break;
            }
        }
    }
    jm_layout_free(l);
    jmap_doc_free(doc);
    assert_int_equal(names, 40);
    assert_int_equal(cards, 40);
    assert_int_equal(bars, 40);
    assert_int_equal(behind, 40);
}

static void test_three_hundred_channels_all_appear_in_the_legend(void **state)
{
    (void)state;
    /* 300 channels of the map's own, each used by a touchpoint, and a
     * built-in one: 301 entries, past the 274 the legend once had room for */
    sb b = {0};
    sb_add(&b, "title: T\nchannels:\n");
    for (int c = 0; c < 300; c++) sb_add(&b, "  - {id: c%d, name: Channel %d}\n", c, c);
    sb_add(&b, "stages:\n  - name: S\n    touchpoints:\n      - {name: Web, channel: web}\n");
    for (int c = 0; c < 300; c++) sb_add(&b, "      - {name: T%d, channel: c%d}\n", c, c);
    jmap_doc *doc = load(b.s, b.len, "300 channels");
    free(b.s);
    jm_layout *l = lay_out(journey_at(doc, 0), -1);
    bool seen[300] = {false};
    size_t entries = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->kind != JM_ITEM_TEXT || it->role != JM_ROLE_LEGEND) continue;
        int n;
        if (sscanf(item_text(it), "Channel %d", &n) == 1 && n >= 0 && n < 300) {
            seen[n] = true;
            entries++;
            assert_true(it->box.y + it->box.h <= l->height);
        }
    }
    size_t missing = 0;
    for (int c = 0; c < 300; c++) missing += !seen[c];
    jm_layout_free(l);
    jmap_doc_free(doc);
    assert_int_equal(missing, 0);
    assert_int_equal(entries, 300);
}


/* ---- wrapped maps ---- */

/* The text checks of geometry_problems, and per row: each curve and point
 * inside the band of its row. */
static int wrapped_problems(const jm_layout *l, const char *name)
{
    int problems = overlapping_texts(l, name) + texts_outside_cells(l, name) + texts_wider_than_box(l, name);
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role != JM_ROLE_CURVE && it->role != JM_ROLE_POINT) continue;
        double cy = it->box.y + it->box.h / 2;
        const jm_item *band = NULL;
        for (size_t k = 0; k < l->n_items && !band; k++)
            if (l->items[k].role == JM_ROLE_BAND && cy >= l->items[k].box.y - 12 &&
                cy <= l->items[k].box.y + l->items[k].box.h + 12)
                band = &l->items[k];
        if (!band) {
            report(&problems, name, "a %s at y %.2f is in no row's band", role_name(it->role), cy);
            continue;
        }
        jm_box b = it->box; /* a point by its centre, a curve whole */
        if (it->role == JM_ROLE_POINT) b = (jm_box){b.x + b.w / 2, b.y + b.h / 2, 0, 0};
        if (b.y < band->box.y - TOL || b.y + b.h > band->box.y + band->box.h + TOL || b.x < band->box.x - TOL ||
            b.x + b.w > band->box.x + band->box.w + TOL)
            report(&problems, name, "a %s " BOXF " outside its row's band " BOXF, role_name(it->role), BOX(it->box),
                   BOX(band->box));
    }
    return problems;
}

static jm_layout *lay_out_wrapped(const char *yaml, jmap_doc **doc, size_t wrap, bool automatic)
{
    *doc = load(yaml, strlen(yaml), "wrap.yaml");
    jm_layout_options opt = {.persona = -1, .wrap = wrap, .wrap_auto = automatic};
    jm_layout *l = jm_layout_journey(tx, journey_at(*doc, 0), &opt);
    assert_non_null(l);
    return l;
}

/* Stages of 7, 3, 6, 1 and 6 touchpoints, every one scored, with a feeling
 * and a pain, the third with a long feeling: 23 columns. */
static void wrap_yaml(sb *b, bool rtl)
{
    static const int sizes[] = {7, 3, 6, 1, 6};
    int n = 0;
    sb_add(b, "title: Wrapped\n%sstages:\n", rtl ? "direction: rtl\n" : "");
    for (int s = 0; s < 5; s++) {
        sb_add(b, "  - name: S%d\n    goal: Goal %d\n    metrics: {NPS: %d}\n    touchpoints:\n", s, s, s);
        for (int t = 0; t < sizes[s]; t++, n++)
            sb_add(b, "      - {name: T%d, emotion: %d, feeling: '%s', pains: [Pain %d]}\n", n, 1 + n % 5,
                   n == 9 ? "A feeling long enough to take many lines in its narrow column, so many that the band of its row would grow taller than the others if it were measured on its row alone" : "Ok", n);
    }
}

static void test_wrapped_rows_hold_at_most_n_columns_each_with_its_lanes(void **state)
{
    (void)state;
    for (int rtl = 0; rtl < 2; rtl++) {
        sb b = {0};
        wrap_yaml(&b, rtl);
        jmap_doc *doc;
        jm_layout *l = lay_out_wrapped(b.s, &doc, 5, false);
        /* cards by row: at most 5 a row, 23 in all, 5 rows */
        double ys[16];
        int per[16] = {0}, rows = 0, cards = 0;
        double first_x[16], second_x[16];
        for (size_t i = 0; i < l->n_items; i++) {
            const jm_item *it = &l->items[i];
            if (it->role != JM_ROLE_CARD) continue;
            int r = 0;
            while (r < rows && fabs(ys[r] - it->box.y) > 1) r++;
            if (r == rows) {
                assert_true(rows < 16);
                ys[rows++] = it->box.y;
            }
            if (per[r] == 0) first_x[r] = it->box.x;
            if (per[r] == 1) second_x[r] = it->box.x;
            per[r]++;
            cards++;
        }
        assert_int_equal(cards, 23);
        assert_int_equal(rows, 5);
        for (int r = 0; r < rows; r++) {
            assert_true(per[r] <= 5);
            /* the journey reads left to right, or right to left */
            if (per[r] > 1) assert_true(rtl ? second_x[r] < first_x[r] : second_x[r] > first_x[r]);
        }
        /* each row has its lane titles and stage headers; split stages are marked */
        int titles = 0, bands = 0, cont_after = 0, cont_before = 0;
        double band_h = -1;
        for (size_t i = 0; i < l->n_items; i++) {
            const jm_item *it = &l->items[i];
            if (it->role == JM_ROLE_LANE_LABEL && it->text && strcmp(item_text(it), lane_title(JM_LANE_TOUCHPOINTS)) == 0)
                titles++;
            if (it->role == JM_ROLE_BAND) {
                bands++;
                if (band_h < 0) band_h = it->box.h;
                assert_true(fabs(it->box.h - band_h) < 0.01); /* the same scale on every row */
            }
            if (it->role == JM_ROLE_STAGE && it->text) {
                const char *t = item_text(it);
                if (strstr(t, "S0 \xe2\x80\xa6")) cont_after++;
                if (strstr(t, "\xe2\x80\xa6 S0")) cont_before++;
            }
        }
        assert_int_equal(titles, 5);
        assert_int_equal(bands, 5);
        /* the curve leaves a row and enters the next at the same height in the band */
        double last_end = NAN;
        int curves = 0;
        for (size_t i = 0; i < l->n_items; i++) {
            const jm_item *it = &l->items[i];
            if (it->role != JM_ROLE_CURVE || !it->n_segs) continue;
            const jm_item *band = NULL;
            for (size_t k = 0; k < l->n_items && !band; k++)
                if (l->items[k].role == JM_ROLE_BAND && it->segs[0].y >= l->items[k].box.y - 1 &&
                    it->segs[0].y <= l->items[k].box.y + l->items[k].box.h + 1)
                    band = &l->items[k];
            assert_non_null(band);
            double start = it->segs[0].y - band->box.y, end = it->segs[it->n_segs - 1].y - band->box.y;
            if (curves > 0) assert_true(fabs(start - last_end) < 0.01);
            last_end = end;
            curves++;
        }
        assert_int_equal(curves, 5);
        assert_int_equal(cont_after, 1);
        assert_int_equal(cont_before, 1);
        assert_int_equal(wrapped_problems(l, rtl ? "wrapped rtl" : "wrapped"), 0);
        jm_layout_free(l);
        jmap_doc_free(doc);
        free(b.s);
    }
}

/* A long row repeats its lane titles between stages, about every ten columns. */
static void test_a_long_row_repeats_its_lane_titles(void **state)
{
    (void)state;
    for (int rtl = 0; rtl < 2; rtl++) {
        sb b = {0};
        sb_add(&b, "title: Long\n%sstages:\n", rtl ? "direction: rtl\n" : "");
        for (int s = 0; s < 8; s++) {
            sb_add(&b, "  - name: Stage %d\n    touchpoints:\n", s);
            for (int t = 0; t < 5; t++) sb_add(&b, "      - {name: Step %d, emotion: %d, doing: Does it}\n", t, 1 + t);
        }
        jmap_doc *doc;
        jm_layout *l = lay_out_wrapped(b.s, &doc, 0, false);
        double xs[16];
        int n = 0;
        for (size_t i = 0; i < l->n_items; i++) {
            const jm_item *it = &l->items[i];
            if (it->role == JM_ROLE_LANE_LABEL && it->text && strcmp(item_text(it), lane_title(JM_LANE_DOING)) == 0 &&
                n < 16)
                xs[n++] = it->box.x;
        }
        assert_int_equal(n, 4); /* at the start, then after 10, 20 and 30 columns */
        for (int k = 1; k < n; k++) /* about two screen widths apart */
            assert_true(fabs(xs[k] - xs[k - 1]) <= (10 + 5) * 200.0 + 200) /* REPEAT_COLS columns, then the rest of a stage */;
        assert_int_equal(geometry_problems(l, "long row", rtl), 0);
        jm_layout_free(l);
        jmap_doc_free(doc);
        free(b.s);
    }
}

static void test_wrap_auto_keeps_the_page_at_most_about_twice_as_wide_as_high(void **state)
{
    (void)state;
    sb b = {0};
    sb_add(&b, "title: Long\nstages:\n");
    for (int s = 0; s < 12; s++) {
        sb_add(&b, "  - name: Stage %d\n    touchpoints:\n", s);
        for (int t = 0; t < 5; t++) sb_add(&b, "      - {name: Step %d, emotion: 3, doing: Does it}\n", t);
    }
    jmap_doc *doc;
    jm_layout *l = lay_out_wrapped(b.s, &doc, 0, true);
    assert_true(l->width <= 2.2 * l->height);
    assert_true(l->width < 60 * 200.0); /* wrapped: 60 columns of 200 units would be one row */
    assert_int_equal(wrapped_problems(l, "auto"), 0);
    jm_layout_free(l);
    jmap_doc_free(doc);
    free(b.s);
}


/* ---- current and future state ---- */

static void test_targets_draw_under_the_curves_inside_the_band(void **state)
{
    (void)state;
    jmap_doc *doc;
    jm_layout *l = lay_out_yaml("title: T\nstate: current\npersonas: [{name: A}, {name: B}]\nstages:\n"
                                "  - name: S\n    touchpoints:\n"
                                "      - {name: a, emotion: {a: 1, b: 2}, target: 5}\n"
                                "      - {name: b, emotion: 3, target: {a: 4}}\n"
                                "      - {name: c, emotion: 5, target: 1}\n",
                                &doc);
    const jm_item *band = find_band(l);
    assert_non_null(band);
    size_t first_curve = l->n_items, target_curves = 0, rings = 0, links = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role == JM_ROLE_CURVE && i < first_curve) first_curve = i;
        if (it->role != JM_ROLE_TARGET) continue;
        assert_true(i < first_curve); /* under the current curves */
        /* a target curve: its line at full strength over a faint ribbon */
        if (it->kind == JM_ITEM_PATH && it->fill_alpha == 0 && it->n_segs >= 2 && it->segs[1].kind == JM_SEG_CURVE) {
            target_curves += it->stroke_alpha > 0.5f;
            for (size_t k = 0; k < it->n_segs; k++) {
                assert_true(it->segs[k].y >= band->box.y - 0.01);
                assert_true(it->segs[k].y <= band->box.y + band->box.h + 0.01);
            }
        } else if (it->fill_alpha > 0) {
            rings++;
        } else {
            links++;
        }
    }
    assert_int_equal(target_curves, 2); /* A: 5, 4, 1; B: 5, 1 */
    assert_int_equal(rings, 5);
    assert_int_equal(links, 5);          /* every target differs from its score */
    bool badge = false;
    for (size_t i = 0; i < l->n_items; i++)
        badge |= l->items[i].role == JM_ROLE_TITLE && l->items[i].text && strcmp(item_text(&l->items[i]), "Current state") == 0;
    assert_true(badge);
    jm_layout_free(l);
    jmap_doc_free(doc);
}

#define MOMENT_RADIUS 10.0

static void test_a_moment_is_marked_on_each_curve(void **state)
{
    (void)state;
    jmap_doc *doc;
    jm_layout *l = lay_out_yaml("title: T\npersonas: [{name: A}, {name: B}, {name: C}]\nstages:\n  - name: S\n"
                                "    touchpoints:\n      - {name: a, emotion: {a: 1, b: 3, c: 5}}\n"
                                "      - {name: b, emotion: {a: 2, b: 4}, moment: true}\n"
                                "      - {name: c, emotion: 3}\n",
                                &doc);
    int stars = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *star = &l->items[i];
        if (star->role != JM_ROLE_MOMENT || star->kind != JM_ITEM_PATH) continue;
        double sx = star->box.x + star->box.w / 2, sy = star->box.y + star->box.h / 2;
        bool on_point = false;
        for (size_t k = 0; k < l->n_items; k++) {
            const jm_item *pt = &l->items[k];
            if (pt->role != JM_ROLE_POINT) continue;
            double px = pt->box.x + pt->box.w / 2, py = pt->box.y + pt->box.h / 2;
            on_point |= fabs(px - sx) < 0.5 && fabs(py - sy) < 3;
        }
        const jm_item *band = find_band(l);
        if (band && sy >= band->box.y - MOMENT_RADIUS && sy <= band->box.y + band->box.h + MOMENT_RADIUS) {
            /* the curve's stars, not the card's */
            assert_true(on_point);
            stars++;
        }
    }
    assert_int_equal(stars, 2); /* A and B have a point there; C has none */
    jm_layout_free(l);
    jmap_doc_free(doc);
}


/* The action plan: the opportunities with a priority, high first, then in
 * journey order; below every lane and above the legend; none without one. */
static void test_the_action_plan_lists_high_first_then_in_journey_order(void **state)
{
    (void)state;
    jmap_doc *doc;
    jm_layout *l = lay_out_yaml("title: T\nstages:\n  - name: S\n    touchpoints:\n"
                                "      - {name: a, opportunities: [{text: Olow, priority: low}, Onone]}\n"
                                "      - {name: b, opportunities: [{text: Ohigh1, priority: high}]}\n"
                                "  - name: R\n    touchpoints:\n"
                                "      - {name: c, opportunities: [{text: Omed, priority: medium, status: done},"
                                " {text: Ohigh2, priority: high, owner: Ops}]}\n",
                                &doc);
    static const char *const order[] = {"Ohigh1", "Ohigh2", "Omed", "Olow"};
    double ys[4], lowest_cell = 0, legend_top = 1e9;
    int found = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role == JM_ROLE_CELL && it->box.y + it->box.h > lowest_cell) lowest_cell = it->box.y + it->box.h;
        if (it->role == JM_ROLE_LEGEND && it->box.y < legend_top) legend_top = it->box.y;
        if (it->role != JM_ROLE_ACTION || it->kind != JM_ITEM_TEXT) continue;
        assert_string_not_equal(item_text(it), "Onone");
        for (int k = 0; k < 4; k++)
            if (strcmp(item_text(it), order[k]) == 0) {
                ys[k] = it->box.y;
                found++;
                assert_true(it->box.y > lowest_cell);
            }
    }
    assert_int_equal(found, 4);
    for (int k = 1; k < 4; k++) assert_true(ys[k] > ys[k - 1]);
    jm_layout_free(l);
    jmap_doc_free(doc);
    /* a persona's view: only the touchpoints that persona goes through */
    l = lay_out_yaml("title: T\npersonas: [{name: A}, {name: B}]\nstages:\n  - name: S\n    touchpoints:\n"
                     "      - {name: a, personas: [a], opportunities: [{text: Oa, priority: high}]}\n"
                     "      - {name: b, personas: [b], opportunities: [{text: Ob, priority: high}]}\n",
                     &doc);
    jm_layout_free(l);
    l = lay_out(journey_at(doc, 0), 1);
    int a_rows = 0, b_rows = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        if (l->items[i].role != JM_ROLE_ACTION) continue;
        a_rows += strcmp(item_text(&l->items[i]), "Oa") == 0;
        b_rows += strcmp(item_text(&l->items[i]), "Ob") == 0;
    }
    assert_int_equal(a_rows, 0);
    assert_int_equal(b_rows, 1);
    jm_layout_free(l);
    jmap_doc_free(doc);
    /* no priority, no plan */
    l = lay_out_yaml("title: T\nstages:\n  - name: S\n    touchpoints:\n      - {name: a, opportunities: [x]}\n",
                     &doc);
    for (size_t i = 0; i < l->n_items; i++) assert_int_not_equal(l->items[i].role, JM_ROLE_ACTION);
    jm_layout_free(l);
    jmap_doc_free(doc);
}

/* A metric with a target carries the sign of its verdict, in the verdict's
 * colour, inside its chip; a touchpoint's metric stands in its column. */
static void test_a_metric_is_marked_met_or_missed_in_its_column(void **state)
{
    (void)state;
    jmap_doc *doc;
    jm_layout *l = lay_out_yaml("title: T\nstages:\n  - name: S\n    touchpoints:\n      - {name: a}\n"
                                "      - name: b\n        metrics: {Met: {value: 5, target: 4}, "
                                "Missed: {value: 9, target: 4, better: lower}, Plain: 3}\n",
                                &doc);
    const jm_theme *t = &journey_at(doc, 0)->theme;
    int met = 0, missed = 0, chips = 0;
    double col_x = -1;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role == JM_ROLE_CELL && strcmp(item_text(it), "b") == 0) col_x = it->cell.x;
    }
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role != JM_ROLE_METRIC || it->kind != JM_ITEM_TEXT) continue;
        const char *s = item_text(it);
        if (strcmp(s, "Met") && strcmp(s, "Missed") && strcmp(s, "Plain")) continue;
        chips++;
        const jm_box *c = &it->cell; /* the chip */
        assert_true(c->x >= col_x - 1 && c->x + c->w <= col_x + 200 + 1);
        for (size_t k = 0; k < l->n_items; k++) {
            const jm_item *m = &l->items[k];
            if (m->kind != JM_ITEM_PATH || m->role != JM_ROLE_DECOR || m->box.w > 14) continue;
            if (m->box.x < c->x || m->box.x + m->box.w > c->x + c->w || m->box.y < c->y ||
                m->box.y + m->box.h > c->y + c->h)
                continue;
            bool pos = m->fill.r == t->positive.r && m->fill.g == t->positive.g && m->fill.b == t->positive.b;
            bool neg = m->fill.r == t->negative.r && m->fill.g == t->negative.g && m->fill.b == t->negative.b;
            if (strcmp(s, "Met") == 0) met += pos, assert_false(neg);
            if (strcmp(s, "Missed") == 0) missed += neg, assert_false(pos);
            if (strcmp(s, "Plain") == 0) assert_false(pos || neg);
        }
    }
    assert_int_equal(chips, 3);
    assert_int_equal(met, 1);
    assert_int_equal(missed, 1);
    jm_layout_free(l);
    jmap_doc_free(doc);
}

/* Each blueprint line lies between the two lanes it separates: below the
 * bottom of the lane above's title and above the top of the lane below's. */
static void test_blueprint_lines_lie_between_their_lanes(void **state)
{
    (void)state;
    static const struct {
        const char *lanes;
        const char *lines[3]; /* the line titles expected, top to bottom */
    } cases[] = {
        {"[touchpoints, frontstage, backstage, support]",
         {"LINE OF INTERACTION", "LINE OF VISIBILITY", "LINE OF INTERNAL INTERACTION"}},
        {"[touchpoints, frontstage, support]", {"LINE OF INTERACTION", "LINE OF VISIBILITY", NULL}},
        {"[frontstage, backstage]", {"LINE OF VISIBILITY", NULL, NULL}}, /* none above the first lane */
        {"[touchpoints, pains]", {NULL, NULL, NULL}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        sb b = {0};
        sb_add(&b, "title: T\nlanes: %s\nstages:\n  - name: S\n    touchpoints:\n"
                   "      - {name: A, frontstage: F, backstage: B, support: S, pains: P}\n", cases[c].lanes);
        jmap_doc *doc;
        jm_layout *l = lay_out_yaml(b.s, &doc);
        size_t k = 0;
        double prev_label_bottom = 0;
        for (size_t i = 0; i < l->n_items; i++) {
            const jm_item *it = &l->items[i];
            if (it->role != JM_ROLE_LANE_LABEL || !it->text) continue;
            const char *t = item_text(it);
            if (strncmp(t, "LINE OF", 7) == 0) {
                assert_true(k < 3 && cases[c].lines[k]);
                assert_string_equal(t, cases[c].lines[k]);
                k++;
                /* the lane title after the line starts below it */
                const jm_item *next = NULL;
                for (size_t n = i + 1; n < l->n_items && !next; n++)
                    if (l->items[n].role == JM_ROLE_LANE_LABEL && l->items[n].text &&
                        strncmp(item_text(&l->items[n]), "LINE OF", 7) != 0 && l->items[n].box.x < 100)
                        next = &l->items[n];
                assert_non_null(next);
                assert_true(it->box.y >= prev_label_bottom);
                assert_true(it->box.y + it->box.h <= next->cell.y + 0.5);
            } else if (it->box.x < 100) {
                prev_label_bottom = it->cell.y + it->cell.h;
            }
        }
        assert_true(k == 3 || !cases[c].lines[k]);
        assert_int_equal(geometry_problems(l, "blueprint", false), 0);
        jm_layout_free(l);
        jmap_doc_free(doc);
        free(b.s);
    }
}

/* ---- space used well ---- */

/* A stage's own metrics stand in its header, under its goal and across the
 * stage, above every touchpoint card: in the metrics lane they stood under
 * touchpoint columns and read as those touchpoints'. A touchpoint's metric
 * stays in its column. */
static void test_stage_metrics_stand_in_their_stage_header(void **state)
{
    (void)state;
    jmap_doc *doc;
    jm_layout *l = lay_out_yaml("title: T\nstages:\n  - name: First\n    goal: Get there\n"
                                "    metrics: {Reach: 5%, Conversion: 2%, Cost per click: 0.42, Share: 7%}\n"
                                "    touchpoints:\n      - {name: a}\n      - {name: b}\n"
                                "      - name: c\n        metrics: {Own: 3}\n"
                                "  - name: Second\n    touchpoints:\n      - {name: d}\n",
                                &doc);
    double cards_top = 1e9, stage_x0 = -1, stage_x1 = -1, c_x = -1;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role == JM_ROLE_CARD && it->box.y < cards_top) cards_top = it->box.y;
        if (it->role == JM_ROLE_STAGE && strcmp(item_text(it), "First") == 0) {
            stage_x0 = it->cell.x;
            stage_x1 = it->cell.x + it->cell.w;
        }
        if (it->role == JM_ROLE_CELL && strcmp(item_text(it), "c") == 0) c_x = it->cell.x;
    }
    assert_true(stage_x0 >= 0 && c_x >= 0 && cards_top < 1e9);
    int stage_chips = 0, own = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role != JM_ROLE_METRIC || it->kind != JM_ITEM_TEXT) continue;
        const char *s = item_text(it);
        const jm_box *b = &it->box;
        if (!strcmp(s, "Reach") || !strcmp(s, "Conversion") || !strcmp(s, "Cost per click") || !strcmp(s, "Share")) {
            stage_chips++;
            if (b->y + b->h > cards_top)
                fail_msg("the stage metric %s (y %.1f to %.1f) stands below the cards' top (%.1f), among the "
                         "touchpoints' columns", s, b->y, b->y + b->h, cards_top);
            assert_true(b->x >= stage_x0 - TOL && b->x + b->w <= stage_x1 + TOL);
        }
        if (!strcmp(s, "Own")) {
            own++;
            assert_true(b->y > cards_top);
            assert_true(b->x >= c_x - 1 && b->x + b->w <= c_x + 200 + 1);
        }
    }
    assert_int_equal(stage_chips, 4);
    assert_int_equal(own, 1);
    assert_int_equal(geometry_problems(l, "stage metrics", false), 0);
    jm_layout_free(l);
    jmap_doc_free(doc);
}

/* A map of one touchpoint is as wide as its grid (margins, lane titles, one
 * column), not 980 units with the grid at its left; a long title still has
 * its line, up to the usual width. */
static void test_a_small_map_is_as_wide_as_it_needs(void **state)
{
    (void)state;
    jmap_doc *doc;
    jm_layout *l = lay_out_yaml("title: Small\nstages:\n  - name: S\n    touchpoints:\n      - {name: A, emotion: 3}\n",
                                &doc);
    double grid = 2 * 40.0 + 150 + 200;
    if (l->width > grid + 1) fail_msg("a map of one column is %.0f wide; its grid needs %.0f", l->width, grid);
    assert_int_equal(geometry_problems(l, "small", false), 0);
    jm_layout_free(l);
    jmap_doc_free(doc);
    l = lay_out_yaml("title: A title long enough to want more room than one column\nstages:\n  - name: S\n"
                     "    touchpoints:\n      - {name: A, emotion: 3}\n",
                     &doc);
    assert_true(l->width > grid + 1 && l->width <= 980);
    for (size_t i = 0; i < l->n_items; i++)
        if (l->items[i].role == JM_ROLE_TITLE && l->items[i].text)
            assert_int_equal(pango_layout_get_line_count(l->items[i].text), 1);
    assert_int_equal(geometry_problems(l, "small, long title", false), 0);
    jm_layout_free(l);
    jmap_doc_free(doc);
}

/* The persona cards share the width of the page: one persona on a wide map
 * has its goals, needs, frustrations and quote side by side across the
 * page, not a 300-unit card beside nothing; several share a row. */
static void test_persona_cards_flow_across_the_width(void **state)
{
    (void)state;
    sb b = {0};
    sb_add(&b, "title: T\npersonas:\n  - id: p\n    name: Priya\n    role: Runner\n"
               "    goals: [Shoes that prevent knee pain, Stay under budget]\n    needs: [Sizing she can trust]\n"
               "    frustrations: [Jargon, Surprise fees]\n    quote: Returns had better be easy\n");
    sb_add(&b, "stages:\n  - name: S\n    touchpoints:\n");
    for (int i = 0; i < 14; i++) sb_add(&b, "      - {name: t%d, emotion: 3}\n", i);
    jmap_doc *doc;
    jm_layout *l = lay_out_yaml(b.s, &doc);
    double right = 0, content = l->width - 2 * 40.0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role == JM_ROLE_PERSONA && it->box.x + it->box.w > right) right = it->box.x + it->box.w;
    }
    if (right - 40 < content * 0.5)
        fail_msg("the persona card's text reaches %.0f of a content %.0f wide", right - 40, content);
    assert_int_equal(geometry_problems(l, "one wide persona", false), 0);
    jm_layout_free(l);
    jmap_doc_free(doc);
    free(b.s);
    /* three personas on a map of four columns: three cards on a row */
    b = (sb){0};
    sb_add(&b, "title: T\npersonas:\n");
    for (int p = 0; p < 3; p++)
        sb_add(&b, "  - {id: p%d, name: Person %d, goals: [A goal of some length], quote: Something said}\n", p, p);
    sb_add(&b, "stages:\n  - name: S\n    touchpoints:\n      - {name: a}\n      - {name: b}\n      - {name: c}\n"
               "      - {name: d}\n");
    l = lay_out_yaml(b.s, &doc);
    double ys[3] = {-1, -1, -1};
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        for (int p = 0; p < 3; p++) {
            char name[16];
            snprintf(name, sizeof name, "Person %d", p);
            if (it->role == JM_ROLE_PERSONA && strcmp(item_text(it), name) == 0) ys[p] = it->box.y;
        }
    }
    assert_true(ys[0] >= 0 && fabs(ys[0] - ys[1]) < TOL && fabs(ys[0] - ys[2]) < TOL);
    assert_int_equal(geometry_problems(l, "three personas", false), 0);
    jm_layout_free(l);
    jmap_doc_free(doc);
    free(b.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_covers_scripts_sizes_and_lanes),
        cmocka_unit_test(test_texts_do_not_overlap),
        cmocka_unit_test(test_texts_stay_in_their_cells_and_on_the_page),
        cmocka_unit_test(test_no_text_is_wider_than_its_wrap_width),
        cmocka_unit_test(test_every_glyph_stays_in_its_cell_and_on_the_page),
        cmocka_unit_test(test_curves_and_points_stay_in_the_band_without_overshoot),
        cmocka_unit_test(test_points_run_in_column_order_along_their_curve),
        cmocka_unit_test(test_rtl_is_the_mirror_of_ltr),
        cmocka_unit_test(test_rtl_mirror_holds_at_1000_touchpoints),
        cmocka_unit_test(test_auto_direction_puts_a_persian_map_right_to_left),
        cmocka_unit_test(test_persona_view_shows_that_persona_alone),
        cmocka_unit_test(test_all_personas_view_has_every_card_and_curve),
        cmocka_unit_test(test_emotions_lane_alone_has_no_cards_and_no_cells),
        cmocka_unit_test(test_default_lanes_are_those_with_content),
        cmocka_unit_test(test_given_lanes_are_shown_in_their_order_even_when_empty),
        cmocka_unit_test(test_a_300_character_word_breaks_everywhere_it_can_stand),
        cmocka_unit_test(test_a_long_compound_in_a_stage_header_is_shrunk_not_broken),
        cmocka_unit_test(test_wrapped_rows_hold_at_most_n_columns_each_with_its_lanes),
        cmocka_unit_test(test_wrap_auto_keeps_the_page_at_most_about_twice_as_wide_as_high),
        cmocka_unit_test(test_a_long_row_repeats_its_lane_titles),
        cmocka_unit_test(test_targets_draw_under_the_curves_inside_the_band),
        cmocka_unit_test(test_a_moment_is_marked_on_each_curve),
        cmocka_unit_test(test_the_action_plan_lists_high_first_then_in_journey_order),
        cmocka_unit_test(test_a_metric_is_marked_met_or_missed_in_its_column),
        cmocka_unit_test(test_no_feeling_covers_a_point_a_star_or_a_target),
        cmocka_unit_test(test_the_band_is_in_proportion_to_its_marks_and_feelings),
        cmocka_unit_test(test_blueprint_lines_lie_between_their_lanes),
        cmocka_unit_test(test_a_long_persona_name_stays_inside_the_legend),
        cmocka_unit_test(test_a_long_channel_name_stays_inside_the_legend),
        cmocka_unit_test(test_extreme_scales_keep_the_curve_in_the_band),
        cmocka_unit_test(test_long_persona_details_are_kept_whole),
        cmocka_unit_test(test_forty_personas_all_get_card_backgrounds),
        cmocka_unit_test(test_three_hundred_channels_all_appear_in_the_legend),
        cmocka_unit_test(test_stage_metrics_stand_in_their_stage_header),
        cmocka_unit_test(test_a_small_map_is_as_wide_as_it_needs),
        cmocka_unit_test(test_persona_cards_flow_across_the_width),
    };
    return cmocka_run_group_tests(tests, corpus_setup, corpus_teardown);
}
