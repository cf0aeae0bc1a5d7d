//! Probe sets for sanctions screening: spelling variants of listed names
//! (the recall side) and ordinary names from many cultures (the false-positive
//! side). The variants are made by rules of their own (McCune–Reischauer to
//! Revised Romanisation, passport spellings, word order, hyphens, typos), not
//! from the screener's tables, so that they test those tables.

/// How a probe was made from a listed name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Spelling {
    /// Words rotated: given names first.
    Reordered,
    /// Given names joined by a hyphen, or written as one word.
    Hyphenated,
    /// Romanised by another system (Korean names only).
    Romanised,
    /// One letter changed, dropped or swapped in the longest word.
    Typo,
    /// Lower case, with the list's punctuation dropped.
    Plain,
}

impl Spelling {
    /// Name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Spelling::Reordered => "reordered",
            Spelling::Hyphenated => "hyphenated",
            Spelling::Romanised => "romanised",
            Spelling::Typo => "typo",
            Spelling::Plain => "plain",
        }
    }
}

/// Korean family names as South Korean passports and the press spell them.
const PASSPORT_SURNAMES: &[(&str, &str)] = &[
    ("ri", "Lee"),
    ("pak", "Park"),
    ("choe", "Choi"),
    ("o", "Oh"),
    ("jong", "Jeong"),
    ("kim", "Gim"),
    ("yun", "Yoon"),
    ("ryu", "Yoo"),
    ("kang", "Gang"),
    ("jon", "Jeon"),
    ("chon", "Cheon"),
    ("so", "Seo"),
    ("mun", "Moon"),
    ("ko", "Go"),
    ("paek", "Baek"),
    ("ho", "Heo"),
    ("ryom", "Yeom"),
    ("sim", "Shim"),
    ("an", "Ahn"),
    ("kwon", "Gwon"),
    ("song", "Seong"),
];

/// One McCune–Reischauer syllable (breves lost) in Revised Romanisation:
/// ŏ written "o" before a final consonant becomes "eo" (chol → cheol,
/// hyok → hyeok), ŭ in kŭm/kŭn/ŭn becomes "eu", and initial k, p, t, ch
/// become g, b, d, j.
fn revised(syllable: &str) -> String {
    let lower = syllable.to_ascii_lowercase();
    // Aspirated initials (ch', k', p', t', or the DPRK's chh, kh, ph, th) stay
    // ch, k, p, t in Revised Romanisation; only plain ones are voiced.
    for (mr, rr) in [
        ("ch'", "ch"),
        ("k'", "k"),
        ("p'", "p"),
        ("t'", "t"),
        ("ph", "p"),
        ("th", "t"),
        ("kh", "k"),
    ] {
        if let Some(rest) = lower.strip_prefix(mr) {
            let mut out = format!("{rr}{}", rest.replace('\'', ""));
            if syllable.chars().next().is_some_and(char::is_uppercase) {
                out[..1].make_ascii_uppercase();
            }
            return out;
        }
    }
    let lower = lower.replace('\'', "");
    let mut s = lower.clone();
    let finals = ["ng", "k", "l", "n", "m"];
    if !s.contains("oo")
        && !s.contains("eo")
        && !s.contains("wo")
        && finals.iter().any(|f| s.ends_with(f))
    {
        if let Some(at) = s.rfind('o') {
            s.replace_range(at..=at, "eo");
        }
    }
    for (from, to) in [("kum", "keum"), ("kun", "keun"), ("un", "eun")] {
        if s == from || s.starts_with(from) && from.len() == 3 && s.len() == 3 {
            s = to.to_owned();
        }
    }
    for (from, to) in [("ch", "j"), ("k", "g"), ("p", "b"), ("t", "d")] {
        if s.starts_with(from) && !s.starts_with("kw") {
            s = format!("{to}{}", &s[from.len()..]);
            break;
        }
    }
    if s == lower {
        return syllable.replace('\'', "");
    }
    let mut out: Vec<char> = s.chars().collect();
    if syllable.chars().next().is_some_and(char::is_uppercase) {
        out[0] = out[0].to_ascii_uppercase();
    }
    out.into_iter().collect()
}

fn words_of(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Spelling variants of a listed name (surname first, as lists write
/// persons). `korean` turns on the romanisation variant.
pub fn variants(
    name: &str,
    person: bool,
    korean: bool,
    rng: &mut fastrand::Rng,
) -> Vec<(Spelling, String)> {
    let words = words_of(name);
    if words.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let plain: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    out.push((Spelling::Plain, plain));
    if words.len() >= 2 {
        let mut rotated = words[1..].to_vec();
        rotated.push(words[0].clone());
        out.push((Spelling::Reordered, rotated.join(" ")));
    }
    // Korean given names are written apart, hyphenated or as one word.
    if korean && person && words.len() >= 3 {
        let given = &words[1..];
        let joined = if rng.bool() {
            given.join("-")
        } else {
            let mut one = given.concat().to_lowercase();
            if let Some(first) = one.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            one
        };
        out.push((Spelling::Hyphenated, format!("{} {joined}", words[0])));
    }
    if korean && person {
        let mut romanised: Vec<String> = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let lower = word.to_ascii_lowercase();
            let passport = PASSPORT_SURNAMES.iter().find(|(mr, _)| *mr == lower);
            if let (0, Some((_, spelled))) = (i, passport) {
                romanised.push((*spelled).to_owned());
            } else if i == 0 {
                // Other family names keep the list's spelling.
                romanised.push(word.clone());
            } else {
                let syllables: Vec<String> = word.split('-').map(revised).collect();
                romanised.push(syllables.join("-"));
            }
        }
        // Given names first, as they are written in the West, half the time.
        if rng.bool() && romanised.len() >= 2 {
            let surname = romanised.remove(0);
            romanised.push(surname);
        }
        out.push((Spelling::Romanised, romanised.join(" ")));
    }
    if let Some(typo) = typo(name, rng) {
        out.push((Spelling::Typo, typo));
    }
    out
}

/// One edit inside the longest word of six letters or more (the first letter
/// kept: people rarely mistype it). Shorter words get none: one edit in a
/// short name makes another name (Saleh / Salem), which no screen should
/// take for a typo.
fn typo(name: &str, rng: &mut fastrand::Rng) -> Option<String> {
    // The longest run of ASCII letters: the name is edited in place, its
    // punctuation kept.
    let mut best: Option<(usize, usize)> = None;
    let bytes = name.as_bytes();
    let mut start = None;
    for i in 0..=bytes.len() {
        let letter = i < bytes.len() && bytes[i].is_ascii_alphabetic();
        match (letter, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if i - s >= 6 && best.is_none_or(|(bs, be)| i - s > be - bs) {
                    best = Some((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    let (from, to) = best?;
    let mut chars: Vec<char> = name[from..to].chars().collect();
    let i = rng.usize(1..chars.len() - 1);
    match rng.u8(0..3) {
        0 => {
            chars.remove(i);
        }
        1 => chars.swap(i, i + 1),
        _ => {
            let letters = b"aeioulnrst";
            let mut c = char::from(letters[rng.usize(..letters.len())]);
            if c == chars[i].to_ascii_lowercase() {
                c = 'x';
            }
            chars[i] = c;
        }
    }
    let edited: String = chars.into_iter().collect();
    Some(format!("{}{edited}{}", &name[..from], &name[to..]))
}

const CULTURES: &[(&str, &[&str], &[&str])] = &[
    (
        "english",
        &[
            "James", "Emily", "Michael", "Sarah", "David", "Jessica", "Daniel", "Ashley",
            "Matthew", "Amanda", "Andrew", "Megan", "Ryan", "Lauren", "Tyler", "Rachel", "Brandon",
            "Hannah", "Kevin", "Olivia", "Ethan", "Chloe", "Nathan", "Grace", "Connor",
        ],
        &[
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
            "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Thompson", "White", "Harris",
            "Clark", "Lewis", "Walker", "Hall", "Young", "Allen", "Wright", "Scott", "Baker",
        ],
    ),
    (
        "hispanic",
        &[
            "José",
            "María",
            "Juan",
            "Guadalupe",
            "Luis",
            "Carmen",
            "Carlos",
            "Ana",
            "Jorge",
            "Sofía",
            "Miguel",
            "Lucía",
            "Alejandro",
            "Valentina",
            "Diego",
            "Camila",
            "Fernando",
            "Isabel",
            "Ricardo",
            "Daniela",
            "Andrés",
            "Paula",
            "Javier",
            "Elena",
            "Pablo",
        ],
        &[
            "García",
            "Rodríguez",
            "Martínez",
            "Hernández",
            "López",
            "González",
            "Pérez",
            "Sánchez",
            "Ramírez",
            "Torres",
            "Flores",
            "Rivera",
            "Gómez",
            "Díaz",
            "Cruz",
            "Morales",
            "Reyes",
            "Gutiérrez",
            "Ortiz",
            "Ruiz",
            "Castillo",
            "Jiménez",
            "Vargas",
            "Romero",
            "Mendoza",
        ],
    ),
    (
        "korean",
        &[
            "Min-jun",
            "Seo-yeon",
            "Ji-hoon",
            "Ha-eun",
            "Do-yun",
            "Ji-woo",
            "Seo-jun",
            "Su-bin",
            "Ye-jun",
            "Ji-min",
            "Hyun-woo",
            "Yu-na",
            "Jae-won",
            "Eun-ji",
            "Dong-hyun",
            "Hye-jin",
            "Sung-min",
            "Ye-rin",
            "Tae-yang",
            "So-yeon",
            "Jun-seo",
            "Da-eun",
            "Woo-jin",
            "Chae-won",
            "Si-woo",
        ],
        &[
            "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
            "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Jeon", "Hong", "Yoo", "Ko",
            "Moon", "Yang", "Baek",
        ],
    ),
    (
        "chinese",
        &[
            "Wei", "Fang", "Min", "Jing", "Lei", "Xiu Ying", "Jun", "Yan", "Tao", "Li Na", "Hao",
            "Xin", "Yong", "Mei", "Qiang", "Ling", "Jie", "Hui", "Bo", "Ying", "Chen Yu", "Zi Han",
            "Yu Xuan", "Hao Ran", "Si Yu",
        ],
        &[
            "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
            "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie",
            "Song", "Tang",
        ],
    ),
    (
        "russian",
        &[
            "Alexander",
            "Olga",
            "Dmitry",
            "Tatiana",
            "Sergei",
            "Natalia",
            "Andrei",
            "Elena",
            "Alexei",
            "Irina",
            "Mikhail",
            "Svetlana",
            "Nikolai",
            "Anna",
            "Vladimir",
            "Maria",
            "Pavel",
            "Ekaterina",
            "Igor",
            "Yulia",
            "Maxim",
            "Anastasia",
            "Roman",
            "Daria",
            "Kirill",
        ],
        &[
            "Ivanov",
            "Smirnova",
            "Kuznetsov",
            "Popova",
            "Vasiliev",
            "Petrova",
            "Sokolov",
            "Mikhailova",
            "Novikov",
            "Fedorova",
            "Morozov",
            "Volkova",
            "Alekseev",
            "Lebedeva",
            "Semenov",
            "Egorova",
            "Pavlov",
            "Kozlova",
            "Stepanov",
            "Nikolaeva",
            "Orlov",
            "Andreeva",
            "Makarov",
            "Zakharova",
            "Zaitsev",
        ],
    ),
    (
        "arabic",
        &[
            "Mohammed", "Fatima", "Ahmed", "Aisha", "Omar", "Layla", "Youssef", "Mariam", "Khalid",
            "Noor", "Hassan", "Zainab", "Ali", "Huda", "Ibrahim", "Salma", "Tariq", "Rania",
            "Karim", "Yasmin", "Samir", "Dina", "Nabil", "Amira", "Walid",
        ],
        &[
            "Haddad", "Khoury", "Nasser", "Saleh", "Mansour", "Farah", "Aziz", "Hamdan", "Qasim",
            "Barakat", "Darwish", "Habib", "Jaber", "Kassem", "Masri", "Najjar", "Rahman",
            "Sabbagh", "Tamimi", "Yassin", "Zaher", "Bitar", "Issa", "Shami", "Awad",
        ],
    ),
    (
        "indian",
        &[
            "Aarav", "Priya", "Vivaan", "Ananya", "Aditya", "Diya", "Arjun", "Isha", "Rohan",
            "Kavya", "Sai", "Meera", "Karan", "Pooja", "Rahul", "Sneha", "Vikram", "Neha", "Amit",
            "Riya", "Suresh", "Lakshmi", "Rajesh", "Divya", "Nikhil",
        ],
        &[
            "Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Rao", "Mehta",
            "Joshi", "Desai", "Shah", "Verma", "Agarwal", "Bhat", "Chopra", "Das", "Ghosh",
            "Kapoor", "Malhotra", "Menon", "Pillai", "Saxena", "Trivedi",
        ],
    ),
    (
        "vietnamese",
        &[
            "Anh", "Linh", "Minh", "Huong", "Duc", "Thao", "Hung", "Lan", "Tuan", "Mai", "Quang",
            "Ngoc", "Long", "Trang", "Khanh", "Phuong", "Nam", "Hoa", "Thanh", "Yen", "Bao", "Vy",
            "Hieu", "Thu", "Dung",
        ],
        &[
            "Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh", "Phan", "Vu", "Vo", "Dang", "Bui",
            "Do", "Ho", "Ngo", "Duong", "Ly", "Truong", "Dinh", "Lam", "Mai", "Trinh", "Luong",
            "Cao", "Ta", "Chau",
        ],
    ),
    (
        "west-african",
        &[
            "Chinedu",
            "Ngozi",
            "Oluwaseun",
            "Aisha",
            "Emeka",
            "Folake",
            "Kwame",
            "Ama",
            "Kofi",
            "Abena",
            "Tunde",
            "Yetunde",
            "Ibrahim",
            "Fatou",
            "Mamadou",
            "Aminata",
            "Chukwuma",
            "Adaeze",
            "Segun",
            "Funmilayo",
            "Yaw",
            "Efua",
            "Obinna",
            "Chiamaka",
            "Babajide",
        ],
        &[
            "Okafor",
            "Adeyemi",
            "Mensah",
            "Owusu",
            "Diallo",
            "Traore",
            "Okonkwo",
            "Balogun",
            "Asante",
            "Boateng",
            "Eze",
            "Nwosu",
            "Abiodun",
            "Ogunleye",
            "Keita",
            "Coulibaly",
            "Adebayo",
            "Osei",
            "Amadi",
            "Obi",
            "Sow",
            "Bello",
            "Danjuma",
            "Afolabi",
            "Agyeman",
        ],
    ),
    (
        "german",
        &[
            "Lukas",
            "Anna",
            "Jonas",
            "Lea",
            "Felix",
            "Laura",
            "Maximilian",
            "Julia",
            "Leon",
            "Sophie",
            "Paul",
            "Lena",
            "Tim",
            "Marie",
            "Jan",
            "Katharina",
            "Niklas",
            "Hannah",
            "Moritz",
            "Johanna",
            "Florian",
            "Clara",
            "Tobias",
            "Franziska",
            "Sebastian",
        ],
        &[
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Meyer",
            "Wagner",
            "Becker",
            "Schulz",
            "Hoffmann",
            "Schäfer",
            "Koch",
            "Bauer",
            "Richter",
            "Klein",
            "Wolf",
            "Schröder",
            "Neumann",
            "Schwarz",
            "Zimmermann",
            "Braun",
            "Krüger",
            "Hofmann",
            "Hartmann",
            "Lange",
        ],
    ),
    (
        "japanese",
        &[
            "Haruto", "Yui", "Sota", "Hina", "Yuto", "Aoi", "Riku", "Sakura", "Kaito", "Mio",
            "Takumi", "Rin", "Ren", "Yuna", "Kenji", "Akiko", "Hiroshi", "Yumi", "Daiki", "Emi",
            "Shota", "Naomi", "Kazuki", "Ayaka", "Ryota",
        ],
        &[
            "Sato",
            "Suzuki",
            "Takahashi",
            "Tanaka",
            "Watanabe",
            "Ito",
            "Yamamoto",
            "Nakamura",
            "Kobayashi",
            "Kato",
            "Yoshida",
            "Yamada",
            "Sasaki",
            "Yamaguchi",
            "Matsumoto",
            "Inoue",
            "Kimura",
            "Hayashi",
            "Shimizu",
            "Yamazaki",
            "Mori",
            "Abe",
            "Ikeda",
            "Hashimoto",
            "Ishikawa",
        ],
    ),
    (
        "turkish-persian",
        &[
            "Mehmet", "Ayse", "Mustafa", "Fatma", "Emre", "Zeynep", "Burak", "Elif", "Cem",
            "Selin", "Reza", "Maryam", "Dariush", "Shirin", "Kaveh", "Parisa", "Arash", "Nasrin",
            "Babak", "Leila", "Kerem", "Deniz", "Omid", "Roya", "Hakan",
        ],
        &[
            "Yilmaz",
            "Kaya",
            "Demir",
            "Sahin",
            "Celik",
            "Yildiz",
            "Aydin",
            "Ozturk",
            "Arslan",
            "Dogan",
            "Hosseini",
            "Ahmadi",
            "Mohammadi",
            "Karimi",
            "Rezaei",
            "Moradi",
            "Jafari",
            "Tehrani",
            "Farahani",
            "Sadeghi",
            "Kilic",
            "Koc",
            "Kurt",
            "Ozdemir",
            "Bahrami",
        ],
    ),
];

/// `count` distinct ordinary names, cultures in turn, given name first; one
/// in three with a second given name. Returns (culture, name).
pub fn ordinary_names(count: usize, rng: &mut fastrand::Rng) -> Vec<(&'static str, String)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(count);
    let mut i = 0usize;
    // Bounded: the tables hold far more names than any count asked for.
    while out.len() < count && i < count * 20 {
        let (culture, given, family) = CULTURES[i % CULTURES.len()];
        i += 1;
        let first = given[rng.usize(..given.len())];
        let last = family[rng.usize(..family.len())];
        let name = if rng.u8(0..3) == 0 {
            let second = given[rng.usize(..given.len())];
            if second == first {
                continue;
            }
            format!("{first} {second} {last}")
        } else {
            format!("{first} {last}")
        };
        if seen.insert(name.clone()) {
            out.push((culture, name));
        }
    }
    out
}

/// The benchmarks' query stream: 9,000 ordinary names and 1,000 spellings of
/// the given listed names, shuffled.
pub fn query_mix<'a>(
    listed: impl Iterator<Item = &'a str>,
    rng: &mut fastrand::Rng,
) -> Vec<String> {
    let mut names: Vec<String> = ordinary_names(9_000, rng)
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    let respelt: Vec<String> = listed
        .flat_map(|name| {
            variants(name, true, true, rng)
                .into_iter()
                .map(|(_, v)| v)
                .collect::<Vec<_>>()
        })
        .take(1_000)
        .collect();
    names.extend(respelt);
    rng.shuffle(&mut names);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revised_romanisation_of_common_syllables() {
        let got: Vec<String> = ["Kum", "Hyok", "Chol", "Song", "Pak", "Ung", "Tok", "Chang"]
            .iter()
            .map(|s| revised(s))
            .collect();
        assert_eq!(
            got,
            ["Geum", "Hyeok", "Jeol", "Seong", "Bak", "Ung", "Deok", "Jang"]
        );
    }

    #[test]
    fn variants_cover_every_spelling_kind() {
        let mut rng = fastrand::Rng::with_seed(7);
        let got = variants("SONG, Kum Hyok", true, true, &mut rng);
        let kinds: Vec<Spelling> = got.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                Spelling::Plain,
                Spelling::Reordered,
                Spelling::Hyphenated,
                Spelling::Romanised
            ]
        );
        assert_eq!(got[1].1, "Kum Hyok SONG");
        assert!(got[3].1.contains("Hyeok"), "{:?}", got[3]);
    }

    #[test]
    fn ordinary_names_are_many_and_varied() {
        let mut rng = fastrand::Rng::with_seed(1);
        let names = ordinary_names(12_000, &mut rng);
        let distinct: std::collections::HashSet<&String> = names.iter().map(|(_, n)| n).collect();
        assert_eq!(distinct.len(), 12_000);
        let cultures: std::collections::HashSet<&str> = names.iter().map(|(c, _)| *c).collect();
        assert_eq!(cultures.len(), CULTURES.len());
    }
}
