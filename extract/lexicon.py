"""Event language: which words announce a strike or an attack, and what kind.

Sub-types follow ACLED's sub-event types. The map category (the layer) says who acted: a
``strike`` is delivered by a state's forces, an ``attack`` by a non-state armed group (on bases,
ships, convoys or civilians); see ``extract.incidents.categorize``.
"""



class Category:
    """The map categories, one layer each (the layers' names and colours: ``geo.schema``)."""

    STRIKE = "strike"
    ATTACK = "attack"
    CLASH = "clash"
    OTHER = "other"  # interceptions and other disrupted weapons use


CATEGORIES = (Category.STRIKE, Category.ATTACK, Category.CLASH, Category.OTHER)  # in legend order

AIR = "Air/drone strike"
SHELLING = "Shelling/artillery/missile attack"
IED = "Remote explosive/landmine/IED"
SUICIDE = "Suicide bomb"
CLASH = "Armed clash"
ATTACK = "Attack"
ABDUCTION = "Abduction/forced disappearance"
DISRUPTED = "Disrupted weapons use"  # interceptions and shoot-downs: map category "other"
SUB_TYPES = (AIR, SHELLING, IED, SUICIDE, CLASH, ATTACK, ABDUCTION, DISRUPTED)

# Nouns for a part of a place: "in a different part of the province", "a remote corner of X".
PART_NOUNS = {"part", "corner", "section", "area"}

# Names of days and months (in calendar order): times, though towns bear some of them ("March").
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")

# Words for people who are not fighters: an event whose sentence counts them among its victims
# targets civilians (ACLED's ``civilian_targeting``; its actor 2 is then "Civilians").
CIVILIAN_WORDS = ("civilian", "civilians", "villager", "villagers", "resident", "residents", "child", "children",
                  "schoolchildren", "woman", "women", "worshipper", "worshippers", "passenger", "passengers",
                  "student", "students", "farmer", "farmers", "shopper", "shoppers", "pilgrim", "pilgrims",
                  "patient", "patients", "refugee", "refugees", "displaced", "mourners", "wedding guests",
                  "fishermen", "aid workers", "journalist", "journalists", "family", "families", "teacher",
                  "teachers", "doctor", "doctors", "medics", "shepherd", "shepherds", "herders", "worker", "workers")

# Head words (lemmas) of event mentions, with the sub-type they imply on their own.
TRIGGER_NOUNS = {
    "strike": ATTACK, "airstrike": AIR, "air strike": AIR, "bombing": IED, "bombardment": SHELLING,
    "raid": AIR, "attack": ATTACK, "assault": ATTACK, "ambush": ATTACK, "shelling": SHELLING,
    "barrage": SHELLING, "explosion": IED, "blast": IED, "clash": CLASH, "firefight": CLASH,
    "gunfight": CLASH, "killing": ATTACK, "massacre": ATTACK, "shooting": ATTACK, "bomb": IED,
    "car bomb": IED, "ied": IED, "encounter": CLASH, "skirmish": CLASH, "shootout": CLASH, "gunbattle": CLASH,
    "detonation": IED, "kidnapping": ABDUCTION, "abduction": ABDUCTION, "interception": DISRUPTED, "siege": ATTACK,
    "incident": ATTACK,  # only as "the incident": a name for an event told before (see ANAPHOR_ONLY)
}
# Event nouns that refer back to an event and never introduce one: "the incident occurred at ...".
ANAPHOR_ONLY = {"incident"}
TRIGGER_VERBS = {
    "strike": ATTACK, "attack": ATTACK, "target": ATTACK, "hit": ATTACK, "bomb": AIR, "shell": SHELLING,
    "ambush": ATTACK, "raid": ATTACK, "kill": ATTACK, "clash": CLASH, "fight": CLASH, "fire": SHELLING,
    "explode": IED, "detonate": IED, "shoot": SHELLING, "launch": SHELLING, "blow": IED,
    "storm": ATTACK, "execute": ATTACK, "behead": ATTACK, "massacre": ATTACK, "torch": ATTACK, "gun": ATTACK,
    "kidnap": ABDUCTION, "abduct": ABDUCTION, "intercept": DISRUPTED, "down": DISRUPTED,
    "bombard": SHELLING, "pound": SHELLING,
    # taking ground, only with a place as the object (see TERRITORY_VERBS): ACLED's battles
    "capture": CLASH, "seize": CLASH, "recapture": CLASH, "retake": CLASH, "overrun": CLASH, "liberate": CLASH,
    # a weapon as the subject: "rockets fell into the base", "a drone crashed into a building"
    "fall": SHELLING, "land": SHELLING, "slam": SHELLING, "crash": SHELLING, "impact": SHELLING, "head": SHELLING,
}
# Verbs that are events only with a weapon as their subject ("three rockets landed near the base",
# "the missiles were headed towards the city of Jizan").
WEAPON_SUBJECT_VERBS = {"fall", "land", "slam", "crash", "impact", "head"}
# Verbs that are events only with a place as their object: "captured the village of X", "retook
# Kherson" (not "captured three fighters", "seized weapons").
TERRITORY_VERBS = {"capture", "seize", "recapture", "retake", "overrun", "liberate"}
TERRITORY_OBJECTS = {"village", "town", "city", "district", "settlement", "area", "base", "airport", "outpost",
                     "neighbourhood", "neighborhood", "territory", "region", "province", "port", "hill", "bridge"}
# Who "fights" when fighting is a battle, not a cause or a struggle ("police and insurgents fought
# in X", "troops fought militants"; not "fought for their rights", "fight the virus").
ARMED_NOUNS = {"troop", "soldier", "force", "police", "policeman", "officer", "guard", "militant", "insurgent", "rebel",
               "fighter", "gunman", "gunmen", "militia", "militiaman", "militiamen", "army", "jihadist", "separatist",
               "bandit", "guerrilla", "commando", "paramilitary", "marine", "unit", "battalion", "brigade"}
# Verbs that are events only with a weapon or aircraft as their object ("air defences downed four
# missiles"): interceptions.
INTERCEPT_VERBS = {"intercept", "down"}
AIRCRAFT = {"drone", "missile", "rocket", "jet", "aircraft", "plane", "helicopter", "airliner", "uav", "projectile",
            "warplane", "fighter"}
# Verbs that are events only when their object is a weapon ("launched drones", "shot down a jet"
# is the other case: "shoot" with the particle "down").
WEAPON_OBJECTS = {"missile", "rocket", "drone", "shell", "mortar", "munition", "bomb", "projectile", "grenade",
                  "salvo", "barrage", "torpedo"}
# What explodes in an attack: "a device detonated", "a car exploded" (not "the toads exploded",
# "a gas cylinder exploded": those are explosions, not an attack)
EXPLOSIVE_SUBJECTS = WEAPON_OBJECTS | {"device", "explosive", "ied", "mine", "landmine", "charge", "vest", "belt",
                                       "car", "vehicle", "truck", "motorcycle", "motorbike", "bike", "package",
                                       "parcel", "ordnance", "bomber"}
# What is fired when "fire" is a weapon's: "fired rockets", "fired shots", "fired tear gas".
FIRED_OBJECTS = WEAPON_OBJECTS | {"shot", "round", "bullet", "volley", "gas", "artillery", "weapon", "gun",
                                  "canister", "flare", "cannon", "interceptor", "ammunition"}
# People whose being "fired" is a dismissal: "fired the county manager", "the coach was fired".
DISMISSED = {"manager", "coach", "director", "chief", "minister", "official", "employee", "staff", "worker",
             "executive", "secretary", "judge", "head", "adviser", "advisor", "general", "commander"}
# What police and troops fire at crowds to disperse them ("tear gas canisters", "rubber bullets",
# "water cannon"): no weapons of war.
CROWD_CONTROL = {"tear", "teargas", "rubber", "pepper", "stun", "water"}
# Verbs that only say who died or was hurt: their mention carries a toll, not an event type.
TOLL_VERBS = {"kill": "fatalities", "die": "fatalities", "slay": "fatalities", "martyr": "fatalities",
              "injure": "injured", "wound": "injured", "hurt": "injured"}
# Event verbs whose object is the dead: "a militia executed nine civilians" (counted, but an event
# of their own, unlike TOLL_VERBS).
KILLING_VERBS = {"execute", "behead", "massacre", "murder", "slaughter", "assassinate", "gun"}  # ("gunned down")

# Modifiers that refine the sub-type ("drone strike", "rocket attack", "suicide bombing").
SUB_TYPE_MODIFIERS = {
    "drone": AIR, "air": AIR, "aerial": AIR, "airstrike": AIR, "warplane": AIR, "jet": AIR, "helicopter": AIR,
    "aircraft": AIR, "pilotless": AIR, "unmanned": AIR, "uav": AIR, "gunship": AIR, "airplane": AIR,
    "glide": AIR, "barrel": AIR, "guided": AIR,  # bombs dropped from the air
    "missile": SHELLING, "rocket": SHELLING, "artillery": SHELLING, "mortar": SHELLING, "shell": SHELLING,
    "ballistic": SHELLING, "cruise": SHELLING,
    "ied": IED, "roadside": IED, "landmine": IED, "mine": IED, "car": IED, "bomb": IED,
    "suicide": SUICIDE, "sniper": ATTACK, "gunman": ATTACK, "gunmen": ATTACK,
}

# Nouns for targets that are a state's armed forces: an event aimed at them is an attack.
MILITARY_TARGETS = {
    "outpost", "base", "airbase", "garrison", "troop", "soldier", "force", "personnel", "convoy",
    "position", "checkpoint", "patrol", "servicemember", "service member", "warship", "destroyer",
    "embassy",
}
# Weapons that, fired by nobody named, are an armed group's (Katyushas, mortars), not a state's.
ARMED_GROUP_WEAPONS = {"rocket", "mortar", "katyusha", "grad"}
SHIPPING_TARGETS = {"ship", "vessel", "tanker", "freighter", "shipping", "carrier", "boat"}

# Words that make the event vague or unreal: "would come", "avoid hitting", "threatened to strike".
IRREALIS_HEADS = {"avoid", "stop", "threaten", "vow", "plan", "seek", "warn", "consider", "prevent", "deter", "preempt"}
HABITUAL_ADVERBS = {"repeatedly", "regularly", "frequently", "often", "routinely", "almost daily", "daily", "constantly",
                    "continually", "continuously"}

# Place qualifiers. Directions name a part of the place ("eastern Baghdad": still in Baghdad);
# the others put the event around it (ACLED geo precision 2: "near", "outskirts of", "off").
DIRECTION_QUALIFIERS = {
    "eastern", "western", "northern", "southern", "central", "north", "south", "east", "west",
    "northeastern", "northwestern", "southeastern", "southwestern", "north-eastern", "north-western",
    "south-eastern", "south-western", "downtown",
}
NEAR_QUALIFIERS = {"outskirts", "near", "outside", "off", "around", "suburb", "suburbs", "area", "vicinity", "nearby",
                   "edge", "edges", "fringes", "periphery"}
AREA_QUALIFIERS = DIRECTION_QUALIFIERS | NEAR_QUALIFIERS
# Heads that make an event an ongoing campaign: "began targeting vessels", "continued shelling".
CAMPAIGN_HEADS = {"begin", "start", "continue", "resume", "intensify", "escalate", "step"}
# Verbs whose subject claims or carries out the event named by their object.
AGENT_VERBS = {"claim", "carry", "launch", "conduct", "stage", "mount", "execute", "perform"}
# Verbs whose subject answers, sees or looks into the event named by their object, not did it:
# "the State Department condemned the attacks", "residents witnessed the strike".
REACTION_VERBS = {"condemn", "denounce", "criticise", "criticize", "deplore", "decry", "investigate", "survive",
                  "witness", "mourn", "protest", "welcome", "praise", "hail", "film", "watch", "hear", "recall",
                  "remember", "discuss", "follow", "fear", "probe", "examine"}
# Verbs whose subject says it did the event named by their object: a claim of responsibility.
CLAIM_VERBS = {"claim", "admit", "acknowledge"}
# Verbs that claim an event with "responsibility" as their object: "took responsibility for the attack".
RESPONSIBILITY_VERBS = {"take", "accept", "assume", "bear"}
# Verbs that lay the event named by their object on someone: "blamed the attack on the YPG".
BLAME_VERBS = {"blame", "attribute", "pin"}
# Nouns of sites named after their place: "the Abqaiq plant" is at Abqaiq ("U.S. troops" are not in the U.S.).
FACILITY_NOUNS = {
    "plant", "refinery", "airport", "base", "airbase", "field", "oilfield", "port", "harbour", "harbor",
    "facility", "camp", "hospital", "school", "market", "mosque", "church", "station", "bridge", "dam",
    "prison", "checkpoint", "crossing", "compound", "terminal", "depot", "barracks", "outpost", "garrison",
    "village", "neighbourhood", "neighborhood", "district", "airfield", "consulate",
}
# Aircraft with people aboard: bringing one down is an attack, not an interception of a weapon.
MANNED_AIRCRAFT = {"plane", "jet", "airliner", "aircraft", "helicopter", "airplane", "flight", "warplane", "fighter"}
# Subjects that hit places without anyone attacking: "earthquakes that hit southern Turkey".
NATURAL_FORCES = {"earthquake", "quake", "flood", "storm", "hurricane", "cyclone", "typhoon", "tornado",
                  "landslide", "drought", "wildfire", "tsunami", "heatwave", "blizzard", "avalanche", "famine"}
# Causes of death and harm that are nobody's attack: illness, accidents, disasters. "died of
# cholera", "killed in a car accident", "the outbreak has killed 40": not incidents.
HARMLESS_CAUSES = NATURAL_FORCES | {
    "disease", "illness", "virus", "flu", "influenza", "outbreak", "epidemic", "pandemic", "infection",
    "cholera", "ebola", "plague", "malaria", "measles", "pneumonia", "cancer", "strain", "fever", "h5n1",
    "covid", "covid-19", "aids", "hiv", "tuberculosis", "meningitis", "dengue", "complication",
    "accident", "collision", "crash", "stampede", "drowning", "overdose", "starvation", "malnutrition",
    "hunger", "flooding", "lightning", "heat", "cold", "exposure", "blaze", "tragedy", "disaster", "failure",
    "cough", "abscess", "poisoning", "rain", "rainfall", "downpour", "snow", "snowstorm",
}
# Verbs of falling ill or of mishap before a death: "died after contracting the virus".
HARMLESS_VERBS = {"contract", "infect", "sicken", "consume", "drown", "collapse", "choke"}
# Modifiers that make "attack" or "assault" a bodily, animal or non-armed one: "a heart attack",
# "a bee attack", "sexual assault charges".
HARMLESS_ATTACKS = {"heart", "panic", "asthma", "anxiety", "bee", "shark", "dog", "bear", "sex", "sexual",
                    "indecent", "cyber", "verbal"}
# Vehicles, and other things that "hit" or "strike" by mishap: "a car struck a tree", "rates hit a
# high", "tragedy struck".
HARMLESS_STRIKERS = {"car", "truck", "pickup", "vehicle", "bus", "train", "van", "suv", "motorcycle", "motorbike",
                     "tractor", "taxi", "lorry", "trailer", "driver", "motorist", "sedan", "rate", "price",
                     "unemployment", "recession", "wind", "hail", "smoke"} | HARMLESS_CAUSES
# Animals: a toll of birds or cattle is no casualty count.
ANIMALS = {"bird", "duck", "swan", "chicken", "poultry", "fowl", "goose", "cattle", "cow", "pig", "swine", "sheep",
           "goat", "horse", "animal", "livestock", "fish", "dog", "cat", "camel", "bee", "shark", "bear", "wolf",
           "mosquito", "rat", "deer", "elephant", "toad", "frog", "hen", "calf", "dolphin", "whale"}
# Verbs whose subject is the event itself: "Drone strike kills two in Baghdad".
EVENT_PREDICATES = {"kill", "injure", "wound", "hit", "destroy", "damage", "target", "strike", "level", "leave", "claim",
                    "explode", "detonate", "go", "tear", "rip", "rock", "land", "slam", "blow", "pound", "rain",
                    # the event as the subject of its own telling: "the strike occurred on Saturday",
                    # "the incident took place in the Gimbi area", "the attack came as ..."
                    "occur", "happen", "take", "come", "unfold", "begin", "start",
                    # ... or as carried out: "the airstrike was carried out on Wednesday at a base near X"
                    "carry", "conduct", "launch", "stage", "mount", "execute",
                    # fighting told as breaking out: "clashes broke out in X", "fighting raged in X"
                    "break", "erupt", "flare", "rage",
                    # what it did where: "the attack sparked a fire at a refinery in X"
                    "spark", "cause", "trigger"}
LOCATIVE_PREPOSITIONS = {"in", "at", "on", "near", "off", "across", "over", "inside", "outside", "into",
                         "around", "within", "throughout"}  # not "from": launch points are not impact points
# Words whose "to" places something near a place: "close to Kirkuk", "next to the airport".
NEAR_WORDS = {"close", "next"}

# Single words that name some province, region or town somewhere ("North", "Central", "Metro",
# "University") but are ordinary words in English text: never taken as a place on their own.
COMMON_WORDS = {
    "north", "south", "east", "west", "central", "centre", "center", "northern", "southern", "eastern",
    "western", "northeast", "northwest", "southeast", "southwest", "capital", "coast", "islands", "island",
    "lakes", "mountains", "river", "valley", "plateau", "highlands", "lowlands", "border", "interior",
    "metro", "federal", "national", "union", "independence", "liberty", "victoria", "delta", "upper",
    "lower", "city", "university", "church", "royal", "king", "queen", "white", "black", "green", "red",
    "lane", "st", "saint", "el", "la", "san", "new", "old", "mount", "lake", "park", "grand", "fort",
    "port", "bay", "beach", "hill", "hills", "springs", "falls", "county", "state", "district", "general",
    "college", "hospital", "school", "market", "bank", "post", "station", "camp", "home", "star", "sun",
    "earth", "titan", "mercury", "venus", "mars", "jupiter", "paradise", "eden", "hope", "unity", "progress",
    "victory", "friendship", "commerce", "enterprise", "industry", "temple", "marine", "navy", "army",
    "creek", "colony", "estates", "gardens", "village", "heights", "glades", "ridge", "grove", "junction",
    "harbor", "harbour", "landing", "mills", "meadows", "woods", "point",
    "street", "road", "avenue", "boulevard", "highway", "square",  # ("West Street" is no town called Street)
}

# Nouns after which a place name names a disease or a pathogen, not a place ("Marburg virus").
DISEASE_WORDS = {"virus", "viruses", "fever", "ebolavirus", "encephalitis", "strain", "variant", "syndrome"}

# Direction words that open a part of a place: "Northeast Georgia", "North Texas".
DIRECTION_WORDS = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "northern",
    "southern", "eastern", "western", "central", "upper", "lower", "north-east", "north-west",
    "south-east", "south-west", "northeastern", "northwestern", "southeastern", "southwestern",
    "north-eastern", "north-western", "south-eastern", "south-western",
}
# People news describes by their town: "a Columbia woman", "a Lancaster mother".
RESIDENT_NOUNS = {
    "man", "woman", "men", "women", "boy", "girl", "teen", "teenager", "resident", "residents", "mother",
    "father", "couple", "family", "native", "student", "youth", "child", "driver", "businessman",
}
# Local institutions named after their town: "Gainesville Police", "Oxford City Council".
LOCAL_INSTITUTIONS = {
    "police", "fire", "city", "county", "sheriff", "council", "mayor", "township", "school", "schools",
    "high", "middle", "elementary", "library", "hospital", "department", "public", "board", "municipal",
}
STREET_ABBREVIATIONS = {"St.", "Ave.", "Rd.", "Blvd.", "Dr.", "Ln.", "Ct.", "Hwy.", "Pkwy.", "Pl."}

# Verbs that report an event: a date on them is the day of the report, not of the event.
REPORTING_VERBS = {"say", "tell", "report", "announce", "confirm", "state", "add", "claim", "note", "write",
                   "post", "tweet", "publish", "release", "issue", "accord", "quote", "cite", "describe",
                   "acknowledge", "admit", "concede", "deny", "reveal", "disclose"}
# Nouns of saying: a day hung on one is the day of the saying ("in a statement on Thursday").
SAYING_NOUNS = {"statement", "interview", "briefing", "conference", "communique", "tweet", "report", "bulletin"}
# A war and its like as the killer or the time of a toll: "the conflict has killed 20,000", "killed
# during the invasion": totals, not an event's toll.
WARS = {"war", "conflict", "fighting", "violence", "insurgency", "campaign", "invasion", "crisis", "offensive",
        "revolt", "uprising", "rebellion", "hostility", "bloodshed", "occupation", "siege", "crackdown"}
