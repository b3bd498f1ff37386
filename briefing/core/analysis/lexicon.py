"""Word lists and lexical tests for people extraction (``people.py``).

The lists in ``data/`` are read once, lazily; see ``data/README.md`` for where each comes from.
The small sets here are function words and name-shape cues that belong with the code.
"""

from __future__ import annotations

import gzip
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def read_lines(name: str) -> list[str]:
    text = resources.files("briefing.core.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without accents, so "Hernán" finds "hernan"."""
    word = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in word if not unicodedata.combining(c)).replace("’", "'")


def is_role_head(word: str, lex: Lexicon) -> bool:
    """A role noun: listed, or a profession by its ending ("psychologist", "statistician")."""
    return (
        word in lex.roles
        or len(word) > 6
        and (
            word.endswith(("ologist", "ician", "grapher", "ographer", "chemist"))
            or word.endswith("ist")
            and word not in _IST_NOT_ROLES
            and word.isalpha()
        )
    )


# "-ist" words that are not professions ("violinist", "economist" and "activist" are)
_IST_NOT_ROLES = frozenset("persist consist insist resist assist exist desist subsist coexist amidst whilst".split())


def is_common(word: str, lex: Lexicon) -> bool:
    """An ordinary English word, plurals included ("galleries", "springs")."""
    common = lex.common
    if word in common:
        return True
    if word.endswith("ies") and word[:-3] + "y" in common:
        return True
    if word.endswith("s") and (word[:-1] in common or word.endswith("es") and word[:-2] in common):
        return True
    if word.endswith("ed") and (word[:-2] in common or word[:-1] in common):  # "thanked", "raised"
        return True
    if word.endswith("ing") and len(word) > 5 and (word[:-3] in common or word[:-3] + "e" in common):
        return True
    # British spellings of words the 1934 American list has: "harbour", "centre", "organise"
    us = word.replace("our", "or") if "our" in word else word
    if us.endswith("re"):
        us = us[:-2] + "er"
    us = us.replace("ise", "ize").replace("yse", "yze")
    return us != word and us in common


def is_plain_word(word: str, lex: Lexicon) -> bool:
    """An ordinary word that is neither a clear given name nor a frequent surname ("retriever", "run")."""
    return (
        word not in lex.surname_words
        and word not in lex.census_names
        and lex.first_names.get(word, "-") == "-"
        and is_common(word, lex)
    )


@dataclass(frozen=True, slots=True)
class Lexicon:
    first_names: dict[str, str]  # folded name -> 'm' | 'f' | '-'
    census_names: frozenset[str]  # first names on the US Census list: the well-attested ones
    common: frozenset[str]  # ordinary lower-case English words (Webster's 1934 list)
    surname_words: frozenset[str]  # frequent Census surnames that are also ordinary words ("bush", "mills")
    not_people: frozenset[str]
    places: frozenset[str]
    organisations: frozenset[str]
    roles: frozenset[str]  # single-word role heads
    role_phrases: frozenset[str]  # multiword roles
    role_trim: frozenset[str]  # words a role phrase never starts with


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    first: dict[str, str] = {}
    census: set[str] = set()
    for line in read_lines("first_names.tsv"):
        name, gender, in_census = (line.split("\t") + ["-", "0"])[:3]
        first[fold(name)] = gender or "-"
        if in_census == "1":
            census.add(fold(name))
    raw = resources.files("briefing.core.data").joinpath("common_words.txt.gz").read_bytes()
    common = frozenset(gzip.decompress(raw).decode("ascii").split()) | MODERN_WORDS
    roles = read_lines("roles.txt")
    not_people = frozenset(fold(w) for w in read_lines("not_people.txt"))
    for word in not_people - WORD_NAMES:
        first.pop(word, None)
    return Lexicon(
        first_names=first,
        census_names=frozenset(census),
        common=common,
        surname_words=frozenset(read_lines("surname_words.txt")),
        not_people=not_people,
        places=frozenset(fold(w) for w in read_lines("places.txt")),
        organisations=frozenset(fold(w) for w in read_lines("organisations.txt")),
        roles=frozenset(r for r in roles if " " not in r),
        role_phrases=frozenset(r for r in roles if " " in r),
        role_trim=frozenset({"of", "the", "for"} | FUNCTION_WORDS | DETERMINERS),
    )


# Ordinary words newer than the 1934 word list.
MODERN_WORDS = frozenset(
    """internet online website web blog blogger podcast email e-mail smartphone laptop software hardware
    spacecraft spaceship astronaut rocket satellite computer app apps startup cyber robot robotics
    television radio video videos camera cameras airline airlines airport jet jets nuclear missile
    missiles pandemic vaccine vaccines virus viruses climate emissions digital wireless broadband
    streaming network networks browser browsers download downloads upload password hacker hackers
    whistleblower whistleblowers smartwatch tablet chatbot chatbots firefox chrome iphone ipad android
    windows linux bitcoin crypto cryptocurrency blockchain emoji selfie hashtag tweet retweet livestream
    podcasts influencer influencers esports gamer gamers console consoles playstation xbox wifi bluetooth
    gigabit megapixel processor chip chips chipmaker semiconductor semiconductors server servers cloud
    update updates upgrade upgrades subscription subscriptions streamer streamers drone drones rideshare
    ecommerce fintech biotech nanotech startup startups algorithm algorithms dashboard keyboard touchscreen
    headset headphones earbuds charger batteries battery vape vaping meme memes""".split()
)


# Ordinary words that are also common first names: kept in the first-name list.
WORD_NAMES = frozenset("may june april august will bill art mark rose hope faith joy grant summer".split())


HONORIFICS = {
    "mr": "m",
    "mister": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "mx": "",
    "dr": "",
    "prof": "",
    "sir": "m",
    "dame": "f",
    "lord": "m",
    "lady": "f",
    "rev": "",
    "fr": "m",
    "sr": "",
    "sen": "",
    "rep": "",
    "gov": "",
    "gen": "",
    "col": "",
    "capt": "",
    "lt": "",
    "sgt": "",
    "hon": "",
    "madam": "f",
    "mme": "f",
    "herr": "m",
    "frau": "f",
    "sheikh": "m",
    "pres": "",
    "supt": "",
    "insp": "",
}


HONORIFIC_ROLES = {
    "sen": "Senator",
    "rep": "Representative",
    "gov": "Governor",
    "gen": "General",
    "col": "Colonel",
    "capt": "Captain",
    "lt": "Lieutenant",
    "sgt": "Sergeant",
    "pres": "President",
    "prof": "Professor",
    "rev": "Reverend",
}


GENDERED_ROLES = {
    "spokesman": "m",
    "spokeswoman": "f",
    "chairman": "m",
    "chairwoman": "f",
    "king": "m",
    "queen": "f",
    "prince": "m",
    "princess": "f",
    "emperor": "m",
    "empress": "f",
    "actress": "f",
    "businessman": "m",
    "businesswoman": "f",
    "congressman": "m",
    "congresswoman": "f",
    "councilman": "m",
    "councilwoman": "f",
    "father": "m",
    "sister": "f",
    "pope": "m",
    "sultan": "m",
    "emir": "m",
    "first lady": "f",
    "sheikh": "m",
}


# Short forms of given names that do not start like the full name.
NICKNAMES = {
    "larry": "lawrence",
    "bob": "robert",
    "bobby": "robert",
    "bill": "william",
    "billy": "william",
    "will": "william",
    "dick": "richard",
    "rick": "richard",
    "jim": "james",
    "jimmy": "james",
    "jack": "john",
    "johnny": "john",
    "ted": "edward",
    "ned": "edward",
    "hank": "henry",
    "chuck": "charles",
    "betty": "elizabeth",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "kate": "katherine",
    "peggy": "margaret",
    "meg": "margaret",
    "sally": "sarah",
    "tony": "anthony",
    "sandy": "alexander",
    "sasha": "alexander",
    "dima": "dmitry",
    "misha": "mikhail",
    "kolya": "nikolai",
}


# Name particles that may stand lower-case inside a name ("Ursula von der Leyen").
PARTICLES = frozenset("von van der den de del della di da do du dos das la le ter ten bin ibn al el af zu".split())


# Lower-case words that may modify a role before a name ("former senior adviser").
ROLE_MODIFIERS = frozenset(
    """former senior deputy chief top foreign acting then interim special assistant associate executive
    general vice lead managing founding principal junior new outgoing incoming retired late longtime
    veteran current first prime defence defense interior finance health justice trade press national
    security economic political military government state federal regional local presidential royal
    english american british russian ukrainian chinese french german israeli palestinian iranian
    independent democratic republican conservative liberal labour opposition party company club team
    university research science""".split()
)


# Words that end an organisation or place name ("University of Helsinki", "Baker Street").
ORG_WORDS = frozenset(
    """university college school institute academy foundation society association federation union
    council committee commission ministry department agency office bureau authority board court
    parliament assembly congress senate party army navy force forces police bank fund trust group
    company corporation corp inc ltd llc plc co news times post journal herald tribune press gazette
    magazine television tv radio network channel studios records airlines airways museum library
    hospital clinic centre center church cathedral mosque temple street road avenue square park
    bridge airport station river lake mountains mountain island islands bay beach coast valley hill
    tower palace house hall stadium arena prize award awards cup league championship games olympics
    festival conference summit forum program programme project initiative act treaty accord
    agreement day war revolution movement front alliance coalition brigade corps guard regiment
    division command service services system systems labs laboratory observatory telescope station
    county province state states district region city town village republic kingdom empire
    institute organisation organization international limited group holdings partners capital
    bank exchange market index review chronicle observer courier ledger wire daily weekly standard
    telegraph mail express monitor bulletin digest pay app apps labs media digital tech software
    solutions energy motors""".split()
) | frozenset(
    """research caucus pac enterprise enterprises entertainment electric robotics therapeutics
    semiconductor semiconductors aerospace logistics consulting insurance petroleum oil gas mining steel
    chemicals telecom telecoms wireless mobile automotive pharma biotech capital ventures studios
    airline railways railroad shipping brewery brewing bakery restaurants stores retail gallery galleries
    collegium athletic athletico rovers wanderers rangers albion fc afc united""".split()
)


SPEECH_VERBS = frozenset(
    """said says told tells added adds wrote writes stated states explained explains noted notes
    argued argues warned warns insisted insists asked asks replied replies responded responds
    claimed claims announced announces declared declares commented comments tweeted tweets posted
    confirmed confirms denied denies recalled recalls suggested suggests admitted admits continued
    concluded remarked stressed stresses emphasised emphasized urged urges called calls believes
    believed thinks thought described describes acknowledged acknowledges""".split()
)


PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}


STRONG_ORG_WORDS = frozenset(
    """university college school institute academy foundation society association federation union
    council committee commission ministry department agency office bureau authority court parliament
    party police bank fund company corporation corp inc ltd llc plc news times post journal magazine
    museum library hospital centre center church cathedral street road avenue square airport station
    stadium prize award awards cup league festival conference treaty act airlines group review chronicle
    observer courier ledger gazette herald tribune daily weekly pay app labs paper partners healthcare
    resources television pictures media convention circuit investment investments industries enterprises
    ventures associates brands foods pharmaceuticals communications technologies motors energy city
    island islands county province district prison jail register beach springs heights falls hotel
    resort casino show symposium banner field bros broadcasting dynamics state""".split()
) | frozenset(
    """research caucus pac enterprise enterprises entertainment electric robotics therapeutics
    semiconductor semiconductors aerospace logistics consulting insurance petroleum oil gas mining steel
    chemicals telecom telecoms wireless automotive pharma biotech ventures studios airline railways
    railroad shipping brewery brewing""".split()
)


ASIAN_SURNAMES = frozenset(
    """wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao zheng liang
    xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su
    lu ding ren shen yao jin xi wong chan cheung leung lau lee ho ng kwok lam tse yau yip chow tsang
    fung tam lai mak yeung kwong chiang hui hung ip siu shiu au chu kong law lo mo or poon so to tong
    tsui wan yiu yung kim park choi jung jeong kang cho yoon jang lim oh seo shin kwon hwang ahn yoo
    hong jeon ko moon son bae baek nguyen tran pham phan vu vo dang bui ngo""".split()
)


PLACE_PREFIXES = frozenset(
    """san santa los las fort mount port lake cape saint villa nuevo nueva pulau ras khor
    bukit tanjung kota bandar wadi jebel jabal kafr puerto porto rio ciudad sankt velikiy nizhny""".split()
)


# Last words of products, not of people ("Mac Pro", "Echo Plus", "Windows Vista Ultimate").
PRODUCT_WORDS = frozenset(
    "pro plus max mini ultra lite ultimate edition bundle platforms cos rd pl pt ave blvd hwy".split()
)


HEADLINE_TAIL = SPEECH_VERBS | frozenset(
    """say plan plans speech campaign administration era effect doctrine rally visit win wins slams blasts
    backs urges vows hits presidency aide aides camp policy remarks official officials supporters
    republican democrat cash documentary team staff allies critics voters drops presses speaks""".split()
)


NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred""".split()
)


TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april june july
    august september october november december today yesterday tomorrow tonight morning evening""".split()
)


TRAILING_WORDS = frozenset(
    """the a an and or of in on at by for from with to as image images photo photos
    file credit source video caption""".split()
)


FUNCTION_WORDS = frozenset(
    """the a an and or but nor of in on at by for from with to as into onto over under about after before
    is are was were be been being has have had do does did will would can could may might must shall should
    not no that this these those there here it its he she they them we us you i his her their our my your
    who whom which what when where why how than then so if also very just only even still said says""".split()
)


DETERMINERS = frozenset("the its their his her a an our my your".split())
