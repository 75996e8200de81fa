"""Generated journeys for property tests (issue 25): 1 to 8 personas, with
and without targets, in every script the built-in languages cover and in a
few more set in a Latin map, every built-in theme, wrapped or not. Each map
comes from a seed, so that a failure names a map that can be made again:

    import genmaps
    for case in genmaps.cases():           # a covering sample, deterministic
        text = genmaps.journey(case)       # the YAML of the map
        case.args                          # the build options (--theme, --wrap)

cases() picks a pairwise covering of the dimensions (every pair of values of
any two dimensions occurs in some case), not their full product, so that the
tests stay within a CI budget while every persona count meets every script,
theme, target setting and wrap.
"""
import itertools
import random

# script: (lang, words for names, feelings, pains, a quote)
SCRIPTS = {
    "latin-en": ("en", ["Opens the app", "Compares prices", "Calls support", "Pays online", "Waits for delivery",
                        "Reads the reviews", "Returns the parcel", "Signs the contract"],
                 ["Lost", "Anxious", "Relieved at last", "Happy", "On hold too long", "Confused"]),
    "latin-de": ("de", ["Informationsbeschaffungsphase", "Vergleicht Preise", "Ruft die Hotline an",
                        "Kundenbeziehungsmanagementabteilungsleitung", "Bezahlt online", "Wartet auf die Lieferung"],
                 ["Verloren", "Ängstlich", "Erleichtert", "Glücklich", "Zu lange in der Warteschleife"]),
    "latin-pl": ("pl", ["Otwiera aplikację", "Porównuje ceny", "Dzwoni do obsługi", "Płaci przez internet",
                        "Czeka na przesyłkę", "Zwraca paczkę"],
                 ["Zagubiony", "Zaniepokojony", "Z ulgą", "Zadowolony", "Zbyt długo czeka"]),
    "latin-fr": ("fr", ["Ouvre l'application", "Compare les prix", "Appelle le service client", "Paie en ligne",
                        "Attend la livraison"], ["Perdu", "Inquiet", "Soulagé", "Heureux", "Trop d'attente"]),
    "latin-es": ("es", ["Abre la aplicación", "Compara precios", "Llama a soporte", "Paga en línea",
                        "Espera la entrega"], ["Perdido", "Ansioso", "Aliviado", "Feliz", "Demasiada espera"]),
    "cyrillic-ru": ("ru", ["Открывает приложение", "Сравнивает цены", "Звонит в поддержку", "Платит онлайн",
                           "Ждёт доставку", "Читает отзывы"],
                    ["Растерян", "Тревожно", "Облегчение", "Доволен", "Слишком долго ждать"]),
    "cyrillic-uk": ("uk", ["Відкриває застосунок", "Порівнює ціни", "Телефонує до підтримки", "Платить онлайн",
                           "Чекає на доставку"], ["Розгублений", "Тривожно", "Полегшення", "Задоволений"]),
    "arabic-fa": ("fa", ["ثبت‌نام در برنامه", "مقایسهٔ قیمت‌ها", "تماس با پشتیبانی", "پرداخت آنلاین",
                         "انتظار برای تحویل", "خواندن نظرها"],
                  ["عصبانی", "نگران", "آسوده", "خوشحال", "سردرگم"]),
    "arabic-in-en": ("en", ["فتح التطبيق", "مقارنة الأسعار", "الاتصال بالدعم", "الدفع عبر الإنترنت"],
                     ["قلق", "مرتاح", "سعيد", "ضائع"]),
    "cjk-in-en": ("en", ["アプリを開く", "価格を比較する", "サポートに電話する", "オンラインで支払う",
                         "配達を待つ", "评论很有帮助", "고객센터에 전화"],
                  ["不安", "安心した", "うれしい", "迷った", "待ち時間が長すぎる"]),
    "hebrew-in-en": ("en", ["פותח את האפליקציה", "משווה מחירים", "מתקשר לתמיכה", "משלם באינטרנט"],
                     ["אבוד", "חרד", "הקלה", "שמח"]),
    "devanagari-in-en": ("en", ["ऐप खोलता है", "कीमतों की तुलना", "सहायता को कॉल", "ऑनलाइन भुगतान"],
                         ["खोया हुआ", "चिंतित", "राहत", "खुश"]),
    "thai-in-en": ("en", ["เปิดแอปพลิเคชัน", "เปรียบเทียบราคา", "โทรหาฝ่ายสนับสนุน", "ชำระเงินออนไลน์"],
                   ["หลงทาง", "กังวล", "โล่งใจ", "มีความสุข"]),
}
THEMES = ["default", "dark", "print", "high-contrast"]
PERSONAS = list(range(1, 9))
TARGETS = [False, True]
WRAPS = [None, 3]

# file colours, some of them too light or too dark for a theme: the layout
# adjusts them (with a warning) rather than draw a mark below 3:1
FILE_COLOURS = ["#ffd60a", "#0b1a33", "#e11d48", "#22c55e", "#f5f5f5", "#7c3aed"]


class Case:
    __slots__ = ("personas", "targets", "script", "theme", "wrap", "seed")

    def __init__(self, personas, targets, script, theme, wrap, seed):
        self.personas, self.targets, self.script = personas, targets, script
        self.theme, self.wrap, self.seed = theme, wrap, seed

    @property
    def args(self):
        a = ["--theme", self.theme]
        if self.wrap:
            a += ["--wrap", str(self.wrap)]
        return a

    @property
    def name(self):
        return (f"p{self.personas}-{'t' if self.targets else 'n'}-{self.script}-{self.theme}-"
                f"{'w' + str(self.wrap) if self.wrap else 'nowrap'}-s{self.seed}")

    def __repr__(self):
        return self.name


def pairwise(dims):
    """A deterministic greedy covering array of strength 2: a list of
    tuples, one value per dimension, in which every pair of values of any
    two dimensions occurs at least once."""
    uncovered = set()
    for a, b in itertools.combinations(range(len(dims)), 2):
        for va in range(len(dims[a])):
            for vb in range(len(dims[b])):
                uncovered.add((a, va, b, vb))
    rows = []
    while uncovered:
        # start from the first pair still uncovered, fill the other
        # dimensions with the value that covers most new pairs
        a, va, b, vb = min(uncovered)
        row = [None] * len(dims)
        row[a], row[b] = va, vb
        for d in range(len(dims)):
            if row[d] is not None:
                continue
            best, gain = 0, -1
            for v in range(len(dims[d])):
                g = sum(1 for e in range(len(dims)) if row[e] is not None and
                        ((min(d, e), v if d < e else row[e], max(d, e), row[e] if d < e else v) in uncovered))
                if g > gain:
                    best, gain = v, g
            row[d] = best
        for x, y in itertools.combinations(range(len(dims)), 2):
            uncovered.discard((x, row[x], y, row[y]))
        rows.append(tuple(dims[d][row[d]] for d in range(len(dims))))
    return rows


def cases():
    dims = [PERSONAS, list(SCRIPTS), THEMES, TARGETS, WRAPS]
    out = []
    for i, (p, s, th, t, w) in enumerate(pairwise(dims)):
        out.append(Case(p, t, s, th, w, seed=1000 + i))
    return out


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def journey(case):
    """The YAML text of the map of case."""
    rnd = random.Random(case.seed)
    lang, names, feelings = SCRIPTS[case.script]
    n = case.personas
    pids = [f"p{i + 1}" for i in range(n)]
    out = [f"title: {q(names[0] + ' — ' + case.name)}", f"lang: {lang}", "personas:"]
    for i, pid in enumerate(pids):
        out.append(f"  - id: {pid}")
        out.append(f"    name: {q(names[i % len(names)].split()[0] + ' ' + str(i + 1))}")
        if rnd.random() < 0.3:
            out.append(f"    color: {q(rnd.choice(FILE_COLOURS))}")
    out.append("stages:")
    scores = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]
    k = 0
    for s in range(3):
        out.append(f"  - name: {q(rnd.choice(names) + ' ' + str(s + 1))}")
        out.append("    touchpoints:")
        for t in range(rnd.randint(2, 4)):
            k += 1
            out.append(f"      - id: t{k}")
            out.append(f"        name: {q(rnd.choice(names))}")
            who = pids
            if n > 1 and rnd.random() < 0.3:
                who = [p for p in pids if rnd.random() < 0.5] or [rnd.choice(pids)]
                out.append(f"        personas: [{', '.join(who)}]")
            # coinciding scores are common: few distinct values per column
            base = rnd.choice(scores)
            em = {p: (base if rnd.random() < 0.5 else rnd.choice(scores)) for p in who if rnd.random() < 0.9}
            if em:
                out.append("        emotion: {" + ", ".join(f"{p}: {v}" for p, v in em.items()) + "}")
            if case.targets and rnd.random() < 0.8:
                tg = {p: min(base + 1, 5) if rnd.random() < 0.5 else rnd.choice(scores)
                      for p in who if rnd.random() < 0.8}
                if tg:
                    out.append("        target: {" + ", ".join(f"{p}: {v}" for p, v in tg.items()) + "}")
            if rnd.random() < 0.7:
                out.append(f"        feeling: {q(rnd.choice(feelings))}")
            if rnd.random() < 0.5:
                out.append(f"        pains: [{q(rnd.choice(feelings) + ' ' + rnd.choice(names))}]")
            if rnd.random() < 0.4:
                out.append(f"        opportunities: [{q(rnd.choice(names))}]")
            if rnd.random() < 0.4:
                out.append(f"        doing: {q(' '.join(rnd.choice(names) for _ in range(rnd.randint(1, 3))))}")
            if rnd.random() < 0.3:
                out.append(f"        thinking: {q(rnd.choice(feelings) + ', ' + rnd.choice(names))}")
            if rnd.random() < 0.15:
                out.append("        moment: true")
    return "\n".join(out) + "\n"
