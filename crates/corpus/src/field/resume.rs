//! Résumés: a career (employers, titles, years) rendered as text in one of
//! several writing styles. Rings reuse one career; careful rings paraphrase it.

use fastrand::Rng;

use super::names::pick;

#[derive(Clone)]
pub struct Job {
    pub title: &'static str,
    pub company: String,
    pub from: i32,
    pub to: Option<i32>,
    pub work: Vec<usize>,
}

#[derive(Clone)]
pub struct Career {
    pub track: usize,
    pub jobs: Vec<Job>,
    pub skills: Vec<&'static str>,
    pub degree: &'static str,
    pub school: String,
    pub grad_year: i32,
}

struct Track {
    titles: &'static [&'static str],
    skills: &'static [&'static str],
    /// Each achievement in three wordings, so a paraphrase keeps the meaning.
    work: &'static [[&'static str; 3]],
}

#[rustfmt::skip]
const TRACKS: &[Track] = &[
    Track {
        titles: &[
            "Software Engineer", "Senior Software Engineer", "Backend Engineer", "Staff Engineer",
            "Full Stack Developer",
        ],
        skills: &[
            "Rust", "Go", "Python", "TypeScript", "PostgreSQL", "Kafka", "Kubernetes", "AWS", "gRPC", "Redis",
            "Terraform", "React",
        ],
        work: &[
            [
                "Built a payments API handling 2M requests a day",
                "Developed the payment service API, serving about two million calls daily",
                "Designed and shipped payment APIs at 2M+ daily requests",
            ],
            [
                "Cut p99 latency by 40% by reworking the caching layer",
                "Reduced tail latency 40 percent through a redesigned cache",
                "Improved p99 response time by 40% with a new caching strategy",
            ],
            [
                "Migrated a monolith to services on Kubernetes",
                "Led the move from a monolithic app to containerised microservices",
                "Decomposed legacy monolith into Kubernetes-hosted services",
            ],
            [
                "Mentored four junior engineers", "Coached and onboarded junior developers",
                "Provided mentorship to a team of 4 junior devs",
            ],
            [
                "Owned CI/CD pipelines and on-call rotation",
                "Maintained build and deploy pipelines and took part in on-call",
                "Responsible for CI/CD and production support rotation",
            ],
            [
                "Wrote the event ingestion pipeline on Kafka",
                "Implemented streaming ingestion with Kafka consumers", "Delivered a Kafka-based event pipeline",
            ],
        ],
    },
    Track {
        titles: &[
            "Frontend Developer", "Senior Frontend Engineer", "UI Engineer", "Web Developer", "React Developer",
        ],
        skills: &[
            "JavaScript", "TypeScript", "React", "Next.js", "Vue", "CSS", "GraphQL", "Node.js", "Figma", "Jest",
            "Webpack", "Tailwind",
        ],
        work: &[
            [
                "Rebuilt the customer dashboard in React and TypeScript",
                "Re-implemented the client dashboard using React/TS",
                "Delivered a new React + TypeScript dashboard for customers",
            ],
            [
                "Raised Lighthouse performance score from 54 to 92", "Improved web performance scores from 54 to 92",
                "Optimised page load, taking Lighthouse from 54 to 92",
            ],
            [
                "Created a shared component library used by six teams",
                "Authored a design-system component kit adopted by 6 teams",
                "Built reusable UI components shared across six product teams",
            ],
            [
                "Added end-to-end tests that cut regressions by half",
                "Introduced E2E testing, halving production regressions",
                "Implemented Cypress end-to-end suites, reducing regressions 50%",
            ],
            [
                "Worked with designers on accessibility (WCAG 2.1 AA)", "Partnered with design to meet WCAG 2.1 AA",
                "Drove accessibility fixes to WCAG AA level with the design team",
            ],
        ],
    },
    Track {
        titles: &[
            "Data Engineer", "Senior Data Engineer", "Machine Learning Engineer", "Data Scientist",
            "Analytics Engineer",
        ],
        skills: &[
            "Python", "SQL", "Spark", "Airflow", "dbt", "Snowflake", "PyTorch", "scikit-learn", "BigQuery", "Pandas",
            "MLflow", "Databricks",
        ],
        work: &[
            [
                "Built Airflow pipelines loading 3 TB a day into Snowflake",
                "Developed daily ETL in Airflow moving ~3TB into Snowflake",
                "Owned Airflow DAGs ingesting three terabytes daily to the warehouse",
            ],
            [
                "Trained a churn model that lifted retention 6%",
                "Delivered a churn prediction model, +6% retention",
                "Created ML churn scoring that improved retention by six percent",
            ],
            [
                "Moved reporting from cron scripts to dbt", "Replaced ad-hoc cron jobs with dbt models",
                "Migrated legacy reporting scripts into dbt",
            ],
            [
                "Set up model monitoring with MLflow", "Introduced MLflow tracking and drift monitoring",
                "Implemented experiment tracking and model monitoring (MLflow)",
            ],
            [
                "Reduced warehouse spend by 30%", "Cut data platform costs by roughly a third",
                "Optimised queries and storage, saving 30% on warehouse cost",
            ],
        ],
    },
    Track {
        titles: &[
            "DevOps Engineer", "Site Reliability Engineer", "Cloud Engineer", "Platform Engineer",
            "Infrastructure Engineer",
        ],
        skills: &[
            "AWS", "GCP", "Terraform", "Kubernetes", "Docker", "Linux", "Prometheus", "Grafana", "Ansible", "Bash",
            "Python", "Helm",
        ],
        work: &[
            [
                "Moved 120 services to Terraform-managed AWS",
                "Codified infrastructure for 120 services with Terraform on AWS",
                "Led infrastructure-as-code migration (Terraform, AWS) for 120 services",
            ],
            [
                "Brought availability from 99.5% to 99.95%", "Improved uptime to 99.95 percent from 99.5",
                "Raised service availability to 99.95%",
            ],
            [
                "Built observability with Prometheus and Grafana",
                "Set up metrics, dashboards and alerting (Prometheus/Grafana)",
                "Implemented monitoring and alerting stack",
            ],
            [
                "Cut cloud cost by $400k a year", "Saved about $400K annually on cloud spend",
                "Reduced yearly AWS bill by 400 thousand dollars",
            ],
            [
                "Ran incident reviews and wrote runbooks", "Facilitated postmortems and authored runbooks",
                "Owned incident response process and documentation",
            ],
        ],
    },
    Track {
        titles: &[
            "Mobile Developer", "iOS Engineer", "Android Engineer", "Senior Mobile Engineer", "Flutter Developer",
        ],
        skills: &[
            "Swift", "Kotlin", "Flutter", "Dart", "React Native", "Firebase", "SwiftUI", "Jetpack Compose", "REST",
            "CI/CD",
        ],
        work: &[
            [
                "Shipped a banking app with 500k installs", "Released a fintech mobile app reaching 500K downloads",
                "Delivered a mobile banking app, half a million installs",
            ],
            [
                "Cut crash rate below 0.2%", "Reduced app crashes to under 0.2 percent",
                "Improved stability to a crash-free rate above 99.8%",
            ],
            [
                "Rewrote the app in SwiftUI", "Migrated UI layer to SwiftUI", "Re-architected screens using SwiftUI",
            ],
            [
                "Set up mobile CI with fastlane", "Automated builds and store releases with fastlane",
                "Implemented continuous delivery for iOS and Android",
            ],
        ],
    },
];

#[rustfmt::skip]
const COMPANIES: &[&str] = &[
    "Amazon", "Microsoft", "Oracle", "Salesforce", "IBM", "Accenture", "Deloitte", "Capgemini", "EPAM Systems",
    "Infosys", "Tata Consultancy Services", "Wipro", "Cognizant", "Globant", "Shopify", "Stripe", "Twilio",
    "Atlassian", "Intuit", "Capital One", "JPMorgan Chase", "Wells Fargo", "Walmart Global Tech", "Target",
    "Booking.com", "Zalando", "Spotify", "SAP", "Siemens", "Rakuten", "Grab", "Naver", "Yandex", "Kaspersky",
    "Andela", "Toptal", "Upwork (freelance)", "Thoughtworks", "Publicis Sapient", "GlobalLogic", "SoftServe",
    "Luxoft", "N-iX", "Mercado Libre", "Nubank", "Flipkart", "Zomato", "Paytm", "Sea Group", "Canva",
];

/// Small firms that are hard to check (some real-sounding, some invented).
#[rustfmt::skip]
const SMALL: &[&str] = &[
    "Brightlane Software", "Nimbus Digital LLC", "Cedar Ridge Labs", "Pixelcraft Studio", "Harborview Tech",
    "Summit Data Solutions", "Bluepeak Systems", "Northgate Consulting", "Vertex Apps Inc", "Lumen Web Agency",
    "Silverline IT Services", "Quantum Leaf LLC", "Redwood Analytics", "Skyforge Solutions", "Ironbridge Software",
];

#[rustfmt::skip]
const SCHOOLS: &[&str] = &[
    "University of Texas at Austin", "Georgia Institute of Technology", "Arizona State University",
    "University of Washington", "Rutgers University", "Penn State University", "University of Florida",
    "Purdue University", "University of Michigan", "Ohio State University", "University of Toronto",
    "University of Manchester", "TU Munich", "Politecnico di Milano", "Warsaw University of Technology",
    "Kyiv Polytechnic Institute", "Bauman Moscow State Technical University", "IIT Madras", "VIT Vellore",
    "Anna University", "National University of Singapore", "Seoul National University", "KAIST",
    "Zhejiang University", "Tsinghua University", "University of Lagos", "University of Nairobi",
    "Universidad de Buenos Aires", "Universidade de Sao Paulo", "University of Tokyo",
    "Hanoi University of Science and Technology",
];

const DEGREES: &[&str] = &[
    "B.S. Computer Science",
    "B.Sc. Software Engineering",
    "M.S. Computer Science",
    "B.Eng. Information Technology",
    "B.S. Mathematics",
    "M.Sc. Data Science",
];

/// A career ending in `now`, starting after a degree at `grad_year`.
pub fn new_career(rng: &mut Rng, grad_year: i32, now: i32, small_firms: bool) -> Career {
    let track = rng.usize(..TRACKS.len());
    let t = &TRACKS[track];
    let mut jobs = Vec::new();
    let mut year = grad_year;
    while year < now {
        let len = 1 + rng.i32(0..4);
        let to = if year + len >= now {
            None
        } else {
            Some(year + len)
        };
        let company = if small_firms && rng.u8(..10) < 6 {
            pick(rng, SMALL)
        } else {
            pick(rng, COMPANIES)
        };
        let lvl = (jobs.len()).min(t.titles.len() - 1);
        let title = t.titles[if rng.bool() {
            lvl
        } else {
            rng.usize(..t.titles.len())
        }];
        let mut work: Vec<usize> = (0..t.work.len()).collect();
        rng.shuffle(&mut work);
        work.truncate(2 + rng.usize(..2));
        jobs.push(Job {
            title,
            company: company.to_string(),
            from: year,
            to,
            work,
        });
        year += len;
    }
    // Résumés list the last few posts only.
    if jobs.len() > 4 {
        jobs.drain(..jobs.len() - 4);
    }
    let mut skills: Vec<&'static str> = t.skills.to_vec();
    rng.shuffle(&mut skills);
    skills.truncate(5 + rng.usize(..4));
    Career {
        track,
        jobs,
        skills,
        degree: pick(rng, DEGREES),
        school: pick(rng, SCHOOLS).to_string(),
        grad_year,
    }
}

/// Text of the résumé. `style` 0..3 picks wording, section order and headings.
pub fn render(c: &Career, name: &str, contact: &str, style: usize, rng: &mut Rng) -> String {
    let t = &TRACKS[c.track];
    let w = style % 3;
    let years = c.jobs.last().map(|j| j.to.unwrap_or(2026)).unwrap_or(2026)
        - c.jobs.first().map(|j| j.from).unwrap_or(2020);
    let headline = match w {
        0 => format!(
            "{} with {} years of experience building reliable software.",
            c.jobs.last().map(|j| j.title).unwrap_or("Engineer"),
            years.max(1)
        ),
        1 => format!(
            "Results-driven {} ({}+ yrs). Passionate about clean code and teamwork.",
            c.jobs
                .last()
                .map(|j| j.title)
                .unwrap_or("Engineer")
                .to_lowercase(),
            years.max(1)
        ),
        _ => format!(
            "Experienced engineer ({} years) focused on {} and {}.",
            years.max(1),
            c.skills[0],
            c.skills[1 % c.skills.len()]
        ),
    };
    let mut exp = String::from(["EXPERIENCE", "Work History", "Professional Experience"][w]);
    let jobs: Vec<&Job> = if style >= 3 {
        c.jobs.iter().collect()
    } else {
        c.jobs.iter().rev().collect()
    };
    for j in jobs {
        let to =
            j.to.map(|y| y.to_string())
                .unwrap_or_else(|| ["Present", "present", "now"][w].to_string());
        exp.push_str(&match w {
            0 => format!("\n{} — {} ({}–{})", j.title, j.company, j.from, to),
            1 => format!("\n{}, {} | {} - {}", j.company, j.title, j.from, to),
            _ => format!("\n{} at {}, {} to {}", j.title, j.company, j.from, to),
        });
        for &k in &j.work {
            exp.push_str(&format!("\n- {}", t.work[k][w]));
        }
    }
    let mut skills = c.skills.clone();
    if style > 0 {
        rng.shuffle(&mut skills);
    }
    let sk = format!(
        "{}: {}",
        ["SKILLS", "Technical Skills", "Tech stack"][w],
        skills.join(", ")
    );
    let edu = format!(
        "{}: {}, {}, {}",
        ["EDUCATION", "Education", "Degree"][w],
        c.degree,
        c.school,
        c.grad_year
    );
    let body = if w == 1 {
        [sk, exp, edu].join("\n\n")
    } else {
        [exp, sk, edu].join("\n\n")
    };
    format!("{name}\n{contact}\n\n{headline}\n\n{body}")
}
