//! Names of many cultures, and the ways one person's name gets written
//! differently (nicknames, initials, order, romanisation).

use fastrand::Rng;

pub struct Origin {
    pub key: &'static str,
    pub male: &'static [&'static str],
    pub female: &'static [&'static str],
    pub family: &'static [&'static str],
    /// Family name first in the person's own usage.
    pub family_first: bool,
}

#[rustfmt::skip]
pub const ORIGINS: &[Origin] = &[
    Origin {
        key: "anglo",
        family_first: false,
        male: &[
            "James", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Christopher", "Daniel",
            "Matthew", "Andrew", "Joshua", "Ryan", "Brandon", "Tyler", "Kevin", "Jonathan", "Justin", "Nathan",
            "Eric", "Steven", "Kyle", "Jacob",
        ],
        female: &[
            "Mary", "Jennifer", "Elizabeth", "Sarah", "Jessica", "Emily", "Ashley", "Amanda", "Megan", "Lauren",
            "Rachel", "Katherine", "Hannah", "Nicole", "Rebecca", "Samantha", "Margaret", "Allison", "Brittany",
            "Olivia",
        ],
        family: &[
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
            "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "White", "Harris", "Martin",
            "Thompson", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright",
            "Scott", "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Roberts",
            "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart",
            "Morris", "Murphy", "Cook", "Rogers", "Reed", "Bennett", "Hughes", "Price", "Sullivan",
        ],
    },
    Origin {
        key: "hispanic",
        family_first: false,
        male: &[
            "Jose", "Luis", "Carlos", "Juan", "Miguel", "Jorge", "Alejandro", "Diego", "Javier", "Andres", "Mateo",
            "Santiago", "Fernando", "Ricardo",
        ],
        female: &[
            "Maria", "Sofia", "Valentina", "Camila", "Lucia", "Daniela", "Gabriela", "Isabel", "Paula", "Ana",
            "Carmen", "Elena",
        ],
        family: &[
            "Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez", "Sanchez", "Ramirez",
            "Torres", "Flores", "Rivera", "Gomez", "Diaz", "Morales", "Ortiz", "Castillo", "Vargas", "Romero",
            "Suarez",
        ],
    },
    Origin {
        key: "indian",
        family_first: false,
        male: &[
            "Rahul", "Amit", "Arjun", "Vikram", "Rohan", "Sanjay", "Karthik", "Aditya", "Suresh",
            "Pranav", "Nikhil", "Abhishek", "Venkat", "Harish",
        ],
        female: &[
            "Priya", "Ananya", "Deepika", "Kavya", "Sneha", "Pooja", "Lakshmi", "Divya", "Meera", "Aishwarya",
            "Shreya", "Nisha",
        ],
        family: &[
            "Sharma", "Patel", "Reddy", "Iyer", "Gupta", "Singh", "Kumar", "Nair", "Rao", "Mehta", "Krishnan",
            "Joshi", "Menon", "Desai", "Chatterjee", "Banerjee", "Agarwal", "Pillai", "Verma", "Subramanian",
        ],
    },
    Origin {
        key: "chinese",
        family_first: true,
        male: &[
            "Wei", "Hao", "Jun", "Lei", "Yang", "Tao", "Ming", "Jian", "Bo", "Chen", "Zhiwei",
            "Haoran", "Yuxuan", "Zihan",
        ],
        female: &[
            "Fang", "Jing", "Li", "Xiaoling", "Yan", "Mei", "Ying", "Xin", "Yue", "Lin", "Shu",
            "Qian",
        ],
        family: &[
            "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
            "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo",
        ],
    },
    Origin {
        key: "korean",
        family_first: true,
        male: &[
            "Minjun", "Seojun", "Jihoon", "Hyunwoo", "Dongwook", "Sungmin", "Jaehyun", "Youngho",
            "Taeyang", "Junho", "Sanghoon", "Kyungsoo",
        ],
        female: &[
            "Jiyeon", "Seoyeon", "Minji", "Eunji", "Soyeon", "Hyejin", "Yuna", "Jiwoo", "Subin",
            "Haeun", "Dahye", "Sujin",
        ],
        family: &[
            "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
            "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong",
        ],
    },
    Origin {
        key: "russian",
        family_first: false,
        male: &[
            "Alexander", "Dmitry", "Sergey", "Andrey", "Alexey", "Maxim", "Ivan", "Mikhail", "Nikolai", "Pavel",
            "Artem", "Vladimir", "Yuri", "Igor",
        ],
        female: &[
            "Anna", "Elena", "Olga", "Natalia", "Tatiana", "Irina", "Ekaterina", "Maria", "Yulia", "Svetlana",
            "Daria", "Anastasia",
        ],
        family: &[
            "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Petrov", "Sokolov", "Mikhailov", "Novikov",
            "Fedorov", "Morozov", "Volkov", "Alekseev", "Lebedev", "Semenov", "Egorov", "Pavlov", "Kozlov", "Orlov",
            "Nikitin",
        ],
    },
    Origin {
        key: "ukrainian",
        family_first: false,
        male: &[
            "Oleksandr", "Andriy", "Mykola", "Taras", "Bohdan", "Yaroslav", "Dmytro", "Oleh", "Serhiy", "Vasyl",
        ],
        female: &[
            "Oksana", "Olena", "Iryna", "Kateryna", "Natalia", "Yulia", "Khrystyna", "Sofiia", "Viktoriia", "Halyna",
        ],
        family: &[
            "Shevchenko", "Bondarenko", "Kovalenko", "Tkachenko", "Kravchenko", "Melnyk", "Boyko", "Koval",
            "Oliynyk", "Lysenko", "Marchenko", "Savchenko", "Rudenko", "Moroz",
        ],
    },
    Origin {
        key: "european",
        family_first: false,
        male: &[
            "Lukas", "Jonas", "Felix", "Pierre", "Antoine", "Lorenzo", "Matteo", "Jakub", "Piotr",
            "Tomasz", "Jan", "Bram", "Lars", "Joao", "Andrei", "Nikos", "Mehmet",
        ],
        female: &[
            "Anna", "Lea", "Marie", "Camille", "Chloe", "Giulia", "Chiara", "Zuzanna", "Agnieszka", "Eva", "Sanne",
            "Ines", "Ioana", "Eleni", "Elif",
        ],
        family: &[
            "Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Dubois", "Moreau", "Laurent", "Rossi", "Bianchi",
            "Romano", "Kowalski", "Nowak", "Wisniewski", "de Vries", "Jansen", "Andersson", "Lindqvist", "Silva",
            "Santos", "Popescu", "Novak", "Horvath", "Papadopoulos", "Yilmaz", "Kaya",
        ],
    },
    Origin {
        key: "arabic",
        family_first: false,
        male: &[
            "Mohammed", "Ahmed", "Omar", "Youssef", "Khalid", "Hassan", "Ali", "Karim", "Tariq",
            "Samir", "Bilal", "Imran",
        ],
        female: &[
            "Fatima", "Aisha", "Layla", "Mariam", "Noor", "Salma", "Yasmin", "Huda", "Rania",
            "Sara",
        ],
        family: &[
            "Hassan", "Ali", "Ibrahim", "Mahmoud", "Haddad", "Khalil", "Saleh", "Nasser", "Farouk",
            "Mansour", "Aziz", "Rahman", "Qureshi", "Khan", "Sheikh", "El-Sayed",
        ],
    },
    Origin {
        key: "african",
        family_first: false,
        male: &[
            "Chinedu", "Emeka", "Oluwaseun", "Tunde", "Kwame", "Kofi", "Brian", "Kevin", "Samuel", "Thabo", "Sipho",
            "Ibrahim", "Daniel", "Tendai",
        ],
        female: &[
            "Ngozi", "Chiamaka", "Funmilayo", "Aisha", "Wanjiru", "Akinyi", "Amara", "Zanele", "Nomvula", "Grace",
            "Faith", "Esther",
        ],
        family: &[
            "Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Mensah", "Owusu", "Otieno", "Kamau",
            "Mwangi", "Ochieng", "Nkosi", "Dlamini", "Ndlovu", "Abubakar", "Mbeki",
        ],
    },
    Origin {
        key: "vietnamese",
        family_first: true,
        male: &[
            "Minh", "Tuan", "Hung", "Duc", "Quang", "Thanh", "Long", "Huy", "Khoa", "Phuc",
        ],
        female: &[
            "Linh", "Trang", "Huong", "Mai", "Thao", "Ngoc", "Lan", "Anh", "Hoa", "Vy",
        ],
        family: &[
            "Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do", "Ho", "Ngo",
        ],
    },
    Origin {
        key: "japanese",
        family_first: true,
        male: &[
            "Haruto", "Takumi", "Kenji", "Yuto", "Daiki", "Ryo", "Shota", "Hiroshi", "Kazuki",
            "Sota",
        ],
        female: &[
            "Yui", "Aoi", "Haruka", "Sakura", "Misaki", "Yuka", "Ayaka", "Nanami", "Mei", "Rina",
        ],
        family: &[
            "Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato",
            "Yoshida", "Yamada", "Sasaki", "Matsumoto",
        ],
    },
    Origin {
        key: "filipino",
        family_first: false,
        male: &[
            "Mark", "John Paul", "Jericho", "Rafael", "Angelo", "Paolo", "Carlo", "Jomar",
        ],
        female: &[
            "Maria Clara", "Kristine", "Angelica", "Patricia", "Jasmine", "Camille", "Bea", "Joanna",
        ],
        family: &[
            "Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Torres", "Villanueva", "Aquino",
            "Dela Cruz", "Ramos",
        ],
    },
];

pub fn origin(key: &str) -> &'static Origin {
    ORIGINS.iter().find(|o| o.key == key).unwrap_or(&ORIGINS[0])
}

#[derive(Clone)]
pub struct Name {
    pub given: String,
    pub middle: Option<String>,
    pub family: String,
    pub origin: &'static str,
    pub female: bool,
}

pub fn pick<'a>(rng: &mut Rng, xs: &'a [&'a str]) -> &'a str {
    xs[rng.usize(..xs.len())]
}

pub fn new_name(rng: &mut Rng, origin_key: &str) -> Name {
    let o = origin(origin_key);
    let female = rng.bool();
    let given = pick(rng, if female { o.female } else { o.male }).to_string();
    let family = pick(rng, o.family).to_string();
    // Middle names are an anglo/hispanic/russian (patronymic-free) habit on forms.
    let middle = if matches!(o.key, "anglo" | "hispanic" | "african") && rng.u8(..10) < 4 {
        Some(pick(rng, if female { o.female } else { o.male }).to_string())
    } else {
        None
    };
    Name {
        given,
        middle,
        family,
        origin: o.key,
        female,
    }
}

impl Name {
    /// How a western HR form shows it: given [middle] family.
    pub fn full(&self) -> String {
        match &self.middle {
            Some(m) => format!("{} {} {}", self.given, m, self.family),
            None => format!("{} {}", self.given, self.family),
        }
    }
    pub fn short(&self) -> String {
        format!("{} {}", self.given, self.family)
    }
    pub fn with_initial(&self) -> String {
        match &self.middle {
            Some(m) => format!("{} {} {}", self.given, &m[..1], self.family),
            None => self.short(),
        }
    }
}

#[rustfmt::skip]
const NICK: &[(&str, &str)] = &[
    ("Robert", "Bob"), ("William", "Bill"), ("Michael", "Mike"), ("James", "Jim"), ("Richard", "Rick"),
    ("Thomas", "Tom"), ("Joseph", "Joe"), ("Christopher", "Chris"), ("Daniel", "Dan"), ("Matthew", "Matt"),
    ("Andrew", "Andy"), ("Jonathan", "Jon"), ("Elizabeth", "Liz"), ("Jennifer", "Jen"), ("Katherine", "Kate"),
    ("Margaret", "Maggie"), ("Rebecca", "Becky"), ("Samantha", "Sam"), ("Alexander", "Alex"), ("Nicholas", "Nick"),
    ("Jose", "Pepe"), ("Alejandro", "Alex"), ("Dmitry", "Dima"), ("Ekaterina", "Katya"), ("Abhishek", "Abhi"),
    ("Venkat", "Venky"), ("Oleksandr", "Sasha"),
];

#[rustfmt::skip]
const ROMANISED: &[(&str, &str)] = &[
    ("Lee", "Yi"), ("Park", "Pak"), ("Choi", "Choe"), ("Jung", "Chung"), ("Cho", "Jo"), ("Yoon", "Yun"),
    ("Lim", "Im"), ("Kang", "Gang"), ("Kwon", "Gwon"), ("Xu", "Hsu"), ("Zhang", "Chang"), ("Zhou", "Chou"),
    ("Dmitry", "Dmitrii"), ("Sergey", "Sergei"), ("Alexey", "Aleksei"), ("Yulia", "Julia"),
    ("Alexander", "Aleksandr"), ("Natalia", "Natalya"), ("Oleksandr", "Olexandr"), ("Yuri", "Iurii"),
    ("Mohammed", "Muhammad"), ("Youssef", "Yusuf"),
];

/// One of the many ways the same person's name is typed into a form.
pub fn variant(rng: &mut Rng, n: &Name) -> String {
    let o = origin(n.origin);
    match rng.u8(..7) {
        0 => NICK
            .iter()
            .find(|(f, _)| *f == n.given)
            .map(|(_, nick)| format!("{nick} {}", n.family))
            .unwrap_or_else(|| n.short()),
        1 => n.short(),
        2 => n.with_initial(),
        3 if o.family_first => format!("{} {}", n.family, n.given),
        3 => format!("{}. {}", &n.given[..1], n.family),
        4 => {
            let swap = |s: &str| {
                ROMANISED
                    .iter()
                    .find(|(a, _)| *a == s)
                    .map(|(_, b)| b.to_string())
                    .unwrap_or_else(|| s.to_string())
            };
            format!("{} {}", swap(&n.given), swap(&n.family))
        }
        5 => n.full().to_uppercase(),
        _ => n.full(),
    }
}
