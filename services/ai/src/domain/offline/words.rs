//! Word banks and templates of the offline generator (our own, written for this service).

/// Question templates; `{thing}`, `{place}`, `{person}` and `{event}` are filled from the
/// theme's banks.
pub const QUESTION_TEMPLATES: &[&str] = &[
    "What is the worst thing to bring to {place}?",
    "What would {person} secretly keep in their pocket?",
    "Invent a new rule for {event}.",
    "What is the most suspicious thing to find at {place}?",
    "Describe {thing} in exactly three words.",
    "What should never be said during {event}?",
    "Pitch a terrible business idea involving {thing}.",
    "What is {person} really afraid of?",
    "Give {thing} a dramatic movie title.",
    "What would happen if {thing} could talk?",
    "Name a sport that could only be played at {place}.",
    "What is the most useless superpower for {person}?",
    "Write the first line of a love letter to {thing}.",
    "What is the worst possible theme song for {event}?",
    "What would {person} post online after {event}?",
    "Design a warning label for {thing}.",
    "What is the real reason {person} was late to {event}?",
    "What souvenir would you sell at {place}?",
    "Invent a holiday that celebrates {thing}.",
    "What would a review of {place} say if {person} wrote it?",
    "What is the most awkward thing to hand to {person}?",
    "What new feature would make {thing} ten times better?",
    "Describe {event} using only food words.",
    "What is hidden in the basement of {place}?",
];

/// A theme's banks.
pub struct Theme {
    /// Its name, as a client passes it.
    pub name: &'static str,
    /// Objects.
    pub things: &'static [&'static str],
    /// Locations.
    pub places: &'static [&'static str],
    /// People.
    pub people: &'static [&'static str],
    /// Occasions.
    pub events: &'static [&'static str],
}

/// The built-in themes; the first is used when none is given.
pub const THEMES: &[Theme] = &[
    Theme {
        name: "general",
        things: &[
            "a rubber duck",
            "a haunted toaster",
            "a broken umbrella",
            "a very old sandwich",
            "a talking parrot",
            "a mysterious key",
            "a glitter cannon",
            "a tiny piano",
        ],
        places: &[
            "a wedding",
            "the dentist",
            "a job interview",
            "grandma's house",
            "a silent library",
            "a first date",
            "the zoo",
            "a camping trip",
        ],
        people: &[
            "your boss",
            "a pirate",
            "a retired superhero",
            "your neighbour",
            "a grumpy wizard",
            "a reality TV host",
            "a time traveller",
            "a sleepy detective",
        ],
        events: &[
            "a birthday party",
            "a talent show",
            "a family dinner",
            "a school play",
            "a royal banquet",
            "a group project",
            "a karaoke night",
            "a fire drill",
        ],
    },
    Theme {
        name: "space",
        things: &[
            "a moon rock",
            "a leaky spacesuit",
            "an alien houseplant",
            "a zero-gravity sandwich",
            "a rogue satellite",
            "a star map",
        ],
        places: &[
            "the space station",
            "a Martian hotel",
            "the dark side of the moon",
            "an asteroid mine",
            "a wormhole gift shop",
            "mission control",
        ],
        people: &[
            "an alien tourist",
            "a bored astronaut",
            "a robot co-pilot",
            "the galactic president",
            "a space janitor",
            "a comet chaser",
        ],
        events: &[
            "a rocket launch",
            "first contact",
            "a moon landing",
            "an asteroid party",
            "a solar eclipse picnic",
            "a spacewalk",
        ],
    },
    Theme {
        name: "food",
        things: &[
            "a suspicious casserole",
            "a sentient meatball",
            "an overripe banana",
            "a golden spatula",
            "a bottomless soup",
            "a spicy doughnut",
        ],
        places: &[
            "a food truck",
            "a fancy restaurant",
            "a cooking show",
            "the school cafeteria",
            "a midnight bakery",
            "a chili contest",
        ],
        people: &[
            "a celebrity chef",
            "a picky toddler",
            "a food critic",
            "a dessert ghost",
            "a sandwich artist",
            "a nervous waiter",
        ],
        events: &[
            "a bake-off",
            "a pizza party",
            "Thanksgiving dinner",
            "a taste test",
            "a hot-dog eating contest",
            "a potluck",
        ],
    },
    Theme {
        name: "fantasy",
        things: &[
            "a cursed sock",
            "a dragon egg",
            "a wand that only sneezes",
            "an enchanted spoon",
            "a tiny crown",
            "a map to nowhere",
        ],
        places: &[
            "a wizard school",
            "a goblin market",
            "a dragon's lair",
            "an elven spa",
            "the enchanted forest",
            "a castle dungeon",
        ],
        people: &[
            "a nervous knight",
            "a retired dragon",
            "a fairy accountant",
            "a troll bridge keeper",
            "a bard with one song",
            "a lazy oracle",
        ],
        events: &[
            "a royal wedding",
            "a quest briefing",
            "a jousting match",
            "a potion exam",
            "a dragon's birthday",
            "a coronation",
        ],
    },
    Theme {
        name: "school",
        things: &[
            "a forgotten homework",
            "a squeaky chair",
            "a chewed pencil",
            "a science fair volcano",
            "a locker that won't close",
            "a hall pass",
        ],
        places: &[
            "the principal's office",
            "the gym",
            "a field trip bus",
            "the chemistry lab",
            "detention",
            "the library",
        ],
        people: &[
            "a substitute teacher",
            "the class pet",
            "the lunch lady",
            "a know-it-all",
            "the school mascot",
            "a hall monitor",
        ],
        events: &[
            "picture day",
            "a pop quiz",
            "prom",
            "a fire drill",
            "the talent show",
            "graduation",
        ],
    },
    Theme {
        name: "sports",
        things: &[
            "a deflated ball",
            "a lucky sock",
            "a referee's whistle",
            "a trophy made of cheese",
            "a sweaty headband",
            "a foam finger",
        ],
        places: &[
            "the locker room",
            "a stadium",
            "a mini-golf course",
            "the Olympics",
            "a bowling alley",
            "a ski lift",
        ],
        people: &[
            "a sore loser",
            "the team mascot",
            "an overexcited coach",
            "a sports commentator",
            "a benchwarmer",
            "a retired champion",
        ],
        events: &[
            "the big final",
            "a penalty shootout",
            "halftime",
            "a marathon",
            "a tryout",
            "a victory parade",
        ],
    },
];

/// Adjectives for item descriptions, keyed loosely by mood.
pub const ITEM_ADJECTIVES: &[&str] = &[
    "weathered",
    "gleaming",
    "rune-etched",
    "humming",
    "ancient",
    "deceptively light",
    "blood-warm",
    "frost-kissed",
    "well-balanced",
    "storm-forged",
];
/// Where an item came from.
pub const ITEM_ORIGINS: &[&str] = &[
    "forged in the foothills of the Ashen Peaks",
    "recovered from a sunken merchant galleon",
    "traded for a song at a goblin market",
    "crafted by a smith who never signed her work",
    "found in the ruins of a forgotten watchtower",
    "blessed by the moon priests of Vell",
    "carried by three generations of caravan guards",
    "grown, not made, in an elven orchard",
];
/// What an item does.
pub const ITEM_FEATURES: &[&str] = &[
    "It grows warmer when danger is near",
    "Its edge never seems to dull",
    "A faint melody rings out whenever it is drawn",
    "It feels lighter in the hands of the brave",
    "Frost gathers on it at dawn, even in summer",
    "Those who hold it sleep without dreams",
    "It leaves a trail of sparks in the dark",
    "Animals grow calm in its presence",
];
/// A closing line of lore.
pub const ITEM_LORE: &[&str] = &[
    "Collectors whisper that its previous owner vanished without a trace.",
    "Bards still argue about who carried it last.",
    "It is said to choose its wielder, not the other way round.",
    "No two appraisers have ever agreed on its value.",
    "Some claim it was never meant to leave the vault it came from.",
    "Its true name is carved somewhere no one has thought to look.",
];
/// Default classes when none is given.
pub const CLASSES: &[&str] = &[
    "wanderer",
    "mercenary",
    "scholar",
    "ranger",
    "alchemist",
    "bard",
    "knight",
    "thief",
];
/// Homelands.
pub const HOMELANDS: &[&str] = &[
    "the salt marshes of Orrin",
    "a cliffside village above the Grey Sea",
    "the bustling docks of Port Amber",
    "a monastery in the Windward Hills",
    "the frozen steppes of Kael",
    "a travelling circus",
    "the lantern-lit alleys of Midmere",
    "a farm at the edge of the Whispering Wood",
];
/// Turning points.
pub const TURNS: &[&str] = &[
    "a storm destroyed everything they knew",
    "a stranger left them a sealed letter",
    "they lost a wager to a very patient dragon",
    "their mentor disappeared on the eve of a festival",
    "they found a map drawn in their own handwriting",
    "the village well started speaking to them",
];
/// Goals.
pub const GOALS: &[&str] = &[
    "find the one who betrayed their family",
    "earn enough gold to buy back their home",
    "prove that the old legends are true",
    "map every ruin between here and the sea",
    "repay a debt they never agreed to",
    "become the first of their kind to join the royal guard",
];
/// Default traits when none are given.
pub const TRAITS: &[&str] = &[
    "curious",
    "loyal",
    "reckless",
    "soft-spoken",
    "headstrong",
    "cheerful",
    "secretive",
    "clever",
];
