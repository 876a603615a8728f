"""Words the quantity parser and the claim builder know: number words, units, hedges, comparators,
population qualifiers. Lowercase, general English and general medicine only; domain facts live in registries.
"""
from __future__ import annotations

NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
MAGNITUDES: dict[str, float] = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000,
}
# Denominators of spelled fractions ("a third", "two-thirds", "one in five" uses NUMBER_WORDS).
FRACTION_WORDS: dict[str, float] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "tenths": 10,
}
MULTIPLE_WORDS: dict[str, float] = {"twice": 2, "thrice": 3, "double": 2, "triple": 3, "quadruple": 4}

# Unit words after a number -> registry unit. Multi-token units are matched longest first.
UNIT_WORDS: dict[tuple[str, ...], str] = {
    ("%",): "percent", ("percent",): "percent", ("per", "cent"): "percent", ("pct",): "percent",
    ("percentage", "points"): "percentage-points", ("percentage", "point"): "percentage-points",
    ("pp",): "percentage-points",
    ("years",): "years", ("year",): "years", ("yrs",): "years", ("yr",): "years",
    ("months",): "months", ("month",): "months", ("mo",): "months", ("mos",): "months",
    ("weeks",): "weeks", ("week",): "weeks", ("wk",): "weeks", ("wks",): "weeks",
    ("days",): "days", ("day",): "days",
    ("hours",): "hours", ("hour",): "hours", ("hrs",): "hours", ("h",): "hours",
    ("dollars",): "usd", ("dollar",): "usd", ("usd",): "usd",
    ("mg", "/", "m2"): "mg/m2", ("mg", "/", "m²"): "mg/m2", ("mg", "per", "square", "meter"): "mg/m2",
    ("mg", "/", "kg"): "mg/kg", ("mg", "per", "kg"): "mg/kg", ("mg", "per", "kilogram"): "mg/kg",
    ("mg", "/", "day"): "mg/day", ("mg", "per", "day"): "mg/day", ("mg", "/", "d"): "mg/day",
    ("mg", "/", "dl"): "mg/dL", ("mmol", "/", "l"): "mmol/L",
    ("mg",): "mg", ("milligrams",): "mg", ("milligram",): "mg",
    ("g",): "g", ("grams",): "g", ("gram",): "g",
    ("mcg",): "mcg", ("µg",): "mcg", ("μg",): "mcg", ("ug",): "mcg", ("micrograms",): "mcg", ("microgram",): "mcg",
    ("kg",): "kg", ("kilograms",): "kg", ("kilogram",): "kg", ("kilos",): "kg",
    ("lb",): "lb", ("lbs",): "lb", ("pounds",): "lb", ("pound",): "lb",
    ("units",): "units", ("iu",): "units", ("international", "units"): "units",
}
UNIT_FIRST_WORDS = {k[0] for k in UNIT_WORDS}
# A unit glued to the digits in one token ("5mg", "34.8mo", "1.5x").
GLUED_UNITS: dict[str, str] = {
    "%": "percent", "mg": "mg", "g": "g", "mcg": "mcg", "µg": "mcg", "ug": "mcg", "kg": "kg", "lb": "lb",
    "lbs": "lb", "mo": "months", "mos": "months", "yr": "years", "yrs": "years", "wk": "weeks",
    "wks": "weeks", "d": "days", "h": "hours", "hr": "hours", "hrs": "hours", "x": "ratio", "×": "ratio",
    "k": "k", "m": "m", "bn": "bn", "pp": "percentage-points",
}
TIME_UNITS = {"years", "months", "weeks", "days", "hours"}
SINGULAR_TIME_WORDS = {"year", "month", "week", "day", "hour"}
MONEY_PREFIXES = {"$", "us$", "usd"}

# Nouns that make a number a count of people ("230,000 people", "10,000 newly diagnosed cases").
PEOPLE_NOUNS = {
    "people", "persons", "person", "patients", "patient", "adults", "children", "kids", "women", "men",
    "americans", "individuals", "cases", "deaths", "participants", "subjects", "smokers", "survivors",
    "residents", "births", "babies", "infants", "teens", "teenagers", "adolescents", "girls", "boys",
    "veterans", "diagnoses", "hospitalizations", "hospitalisations", "admissions", "users", "deaths",
    "respondents", "volunteers", "europeans", "canadians", "britons", "australians", "consumers", "workers",
}

HEDGES: tuple[tuple[str, ...], ...] = (
    ("about",), ("around",), ("roughly",), ("approximately",), ("approx",), ("approx.",), ("nearly",),
    ("almost",), ("circa",), ("ca.",), ("an", "estimated"), ("estimated",), ("close", "to"),
    ("more", "or", "less"), ("some",), ("~",), ("≈",), ("approaching",), ("averaging",), ("on", "average"),
    ("an", "average", "of"), ("average", "of"),
)
# Comparators before a number. "~>" and "~<" are "just over" / "just under": open on one side, near on the other.
COMPARATORS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("more", "than"), ">"), (("greater", "than"), ">"), (("higher", "than"), ">"), (("over",), ">"),
    (("above",), ">"), (("exceeding",), ">"), (("exceed",), ">"), (("exceeds",), ">"), (("exceeded",), ">"),
    (("in", "excess", "of"), ">"), (("upwards", "of"), ">"), (("upward", "of"), ">"), (("beyond",), ">"),
    (("at", "least"), ">="), (("no", "less", "than"), ">="), (("not", "less", "than"), ">="),
    (("a", "minimum", "of"), ">="), (("no", "fewer", "than"), ">="),
    (("less", "than"), "<"), (("fewer", "than"), "<"), (("lower", "than"), "<"), (("under",), "<"),
    (("below",), "<"), (("at", "most"), "<="), (("no", "more", "than"), "<="), (("not", "more", "than"), "<="),
    (("up", "to"), "<="), (("as", "many", "as"), "<="), (("as", "much", "as"), "<="), (("as", "high", "as"), "<="),
    (("as", "long", "as"), "<="), (("a", "maximum", "of"), "<="), (("not", "exceeding"), "<="),
    (("just", "over"), "~>"), (("just", "above"), "~>"), (("slightly", "more", "than"), "~>"),
    (("just", "under"), "~<"), (("just", "below"), "~<"), (("slightly", "less", "than"), "~<"),
    (("just", "shy", "of"), "~<"),
)
SYMBOL_COMPARATORS = {">": ">", "<": "<", "≥": ">=", "≤": "<=", ">=": ">=", "<=": "<=", "~": "~", "≈": "~"}
SUFFIX_COMPARATORS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("or", "more"), ">="), (("or", "higher"), ">="), (("or", "greater"), ">="), (("or", "older"), ">="),
    (("or", "longer"), ">="), (("and", "older"), ">="), (("and", "over"), ">="), (("or", "less"), "<="),
    (("or", "fewer"), "<="), (("or", "lower"), "<="), (("or", "younger"), "<="), (("or", "shorter"), "<="),
    (("+",), ">="),
)
RANGE_SEPARATORS = {"-", "–", "—", "to", "through", "and"}

# Words right before a number that make it a label, not a quantity ("stage 4", "section 5", "type 2").
LABEL_WORDS = {
    "stage", "stages", "grade", "grades", "phase", "phases", "type", "types", "section", "sections", "page",
    "pages", "p.", "pp.", "chapter", "figure", "fig", "fig.", "table", "appendix", "step", "steps", "version",
    "level", "levels", "category", "tier", "part", "item", "question", "cycle", "cycles", "day", "week",
    "line", "lines", "no", "no.", "number", "#", "room", "suite", "unit", "ward", "floor", "chromosome",
    "exon", "exons", "codon", "class", "generation", "cohort", "arm", "group", "trial", "study", "protocol",
    "lot", "batch", "model", "channel", "episode", "season", "volume", "vol", "vol.", "issue", "article",
    "rule", "clause", "paragraph", "box", "slide", "row", "column", "lane", "route", "highway", "apt",
    "verse", "psalm", "pmid", "pmcid", "doi", "isbn", "issn", "nct", "ref", "reference", "references",
    "footnote", "note", "covid", "covid-", "hiv-", "lesson", "module", "week-", "gen", "dose-level",
}
MONTH_NAMES = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
}
TIME_OF_DAY = {"a.m.", "p.m.", "am", "pm", "a.m", "p.m", "o'clock", "oclock", "noon", "midnight"}
# Frequencies that follow a number or "twice": "twice daily", "three times a week".
FREQUENCY_WORDS = {"daily", "weekly", "monthly", "nightly", "hourly", "yearly", "annually", "a", "per", "each", "every"}
# "twice as likely", "three times higher": multiples.
MULTIPLE_FOLLOWERS = {"as", "the", "more", "higher", "greater", "larger", "lower", "longer", "faster", "likely",
                      "fold", "over"}

# Words that put a number in a narrower population than a claim (registry.md, "narrower population").
SUBGROUP_PHRASES: tuple[str, ...] = (
    "younger than", "older than", "under the age of", "over the age of", "aged", "years old", "year-old",
    "years of age", "children", "child", "kids", "adolescents", "teenagers", "teens", "elderly",
    "older adults", "older people", "older patients", "younger adults", "younger patients", "young adults",
    "young people", "young women", "young men", "smokers", "smoker", "never-smokers", "never smokers",
    "non-smokers", "nonsmokers", "non smokers", "former smokers", "current smokers", "light smokers",
    "heavy smokers", "never smoked", "have never smoked", "women", "men", "female", "females", "male", "males",
    "asian", "asians", "east asian", "black", "white", "hispanic", "latino", "latina", "latinx",
    "african american", "african-american", "caucasian", "caucasians", "native american", "pacific islander",
    "early-stage", "early stage", "localized", "localised", "regional", "metastatic", "advanced",
    "advanced-stage", "advanced stage", "distant", "stage i", "stage ii", "stage iii", "stage iv", "stage 1",
    "stage 2", "stage 3", "stage 4", "stage 1a", "stage ia", "stage ib", "stage iia", "stage iiia",
    "did not receive", "didn't receive", "did not get", "didn't get", "were not treated", "was not treated",
    "not treated with", "never received", "without treatment", "no treatment", "untreated",
    "who did not", "who didn't", "not given", "placebo",
)

NEGATIONS = {"not", "n't", "never", "no", "neither", "nor", "cannot", "without"}
HYPOTHETICALS = {"if", "whether", "suppose", "supposing", "imagine", "hypothetically", "hypothetical", "would",
                 "unless"}
# Words that end a clause (binding of numbers to arms and subgroups happens within clauses).
CLAUSE_WORDS = {"and", "but", "while", "whereas", "versus", "vs", "vs.", "compared", "although", "though",
                "however", "which", "whom", "where"}
CLAUSE_PUNCT = {",", ";", ":", "(", ")", "[", "]", "—", "–", "|"}

# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = {
    "al", "e.g", "i.e", "vs", "etc", "dr", "mr", "mrs", "ms", "prof", "approx", "fig", "no", "st", "jr", "sr",
    "inc", "ltd", "co", "u.s", "u.k", "a.m", "p.m", "ca", "cf", "viz", "vol", "pp", "p", "ed", "eds", "est",
    "dept", "univ", "mt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
