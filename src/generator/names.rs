//! People and resource names for generated mailboxes, and `Directory`, which hands out unique Names and Aliases.
//!
//! The lists are a few hundred common given and family names from many countries, so 100k mailboxes look like a
//! real directory (with the usual `maria.garcia2` collisions). It does not pick locales or devices.

use hashbrown::HashMap;

/// Given names.
#[rustfmt::skip]
pub(crate) const FIRST_NAMES: &[&str] = &[
    "Aaliyah", "Aaron", "Abdul", "Abigail", "Adam", "Adrian", "Agnieszka", "Ahmed", "Aiko", "Aisha", "Alan",
    "Albert", "Alejandro", "Alessandro", "Alex", "Alexander", "Alexandra", "Ali", "Alice", "Alicia", "Alina",
    "Amanda", "Amelia", "Amir", "Amy", "Ana", "Andrea", "Andreas", "Andrew", "Angela", "Anika", "Anja", "Anna",
    "Anne", "Anne-Marie", "Anthony", "Antoine", "Antonio", "Arjun", "Ashley", "Astrid", "Barbara", "Ben",
    "Benjamin", "Bernd", "Bianca", "Bjorn", "Brandon", "Brian", "Bruno", "Camille", "Carlos", "Carmen",
    "Caroline", "Catherine", "Charlotte", "Chen", "Chloe", "Christian", "Christina", "Christopher", "Claire",
    "Claudia", "Connor", "Daniel", "Daniela", "David", "Deepika", "Dennis", "Diana", "Diego", "Dimitri",
    "Dominik", "Dorothy", "Dylan", "Elena", "Elif", "Elijah", "Elisabeth", "Ella", "Emily", "Emma", "Enzo",
    "Eric", "Erik", "Ethan", "Eva", "Fabian", "Fatima", "Felix", "Fernando", "Finn", "Florian", "Francesca",
    "Francesco", "Frank", "Gabriel", "Gabriela", "George", "Georgia", "Giulia", "Grace", "Greta", "Hana",
    "Hannah", "Hans", "Haruto", "Heather", "Helen", "Henrik", "Hiroshi", "Hugo", "Ian", "Ingrid", "Isabel",
    "Isabella", "Ivan", "Jack", "Jacob", "Jakob", "James", "Jan", "Jana", "Jasmine", "Jason", "Javier",
    "Jennifer", "Jessica", "Joanna", "Joao", "Johanna", "John", "Jonas", "Jorge", "Jose", "Joseph", "Joshua",
    "Julia", "Julian", "Juliette", "Justin", "Kai", "Karen", "Karim", "Katarzyna", "Katharina", "Kathleen",
    "Kenji", "Kevin", "Kim", "Klaus", "Lara", "Laura", "Lauren", "Lea", "Leon", "Leonardo", "Liam", "Lily",
    "Lina", "Linda", "Lisa", "Lorenzo", "Louis", "Luca", "Lucas", "Lucia", "Lukas", "Luis", "Madison", "Maja",
    "Manuel", "Marco", "Margaret", "Maria", "Marie", "Marina", "Mark", "Markus", "Martin", "Mary", "Mateo",
    "Matteo", "Matthew", "Max", "Maximilian", "Mei", "Melissa", "Mia", "Michael", "Michelle", "Miguel",
    "Mikael", "Mohammed", "Monika", "Nadia", "Naomi", "Natalia", "Nathan", "Nicolas", "Nicole", "Niklas",
    "Nina", "Noah", "Nora", "Oliver", "Olivia", "Omar", "Oscar", "Pablo", "Patrick", "Paul", "Paula", "Pedro",
    "Peter", "Petra", "Philipp", "Pierre", "Priya", "Rachel", "Rahul", "Raphael", "Rebecca", "Ricardo",
    "Richard", "Robert", "Rosa", "Ryan", "Sakura", "Samantha", "Samuel", "Sandra", "Sara", "Sarah",
    "Sebastian", "Sergio", "Simon", "Sofia", "Sophie", "Stefan", "Stephanie", "Steven", "Susan", "Sven",
    "Takumi", "Thomas", "Tim", "Tobias", "Tom", "Ursula", "Valentina", "Vanessa", "Victor", "Victoria",
    "Vikram", "William", "Xavier", "Yara", "Yusuf", "Yuki", "Zoe", "Zofia",
];

/// Family names.
#[rustfmt::skip]
pub(crate) const LAST_NAMES: &[&str] = &[
    "Abbott", "Adams", "Ahmed", "Alvarez", "Andersen", "Anderson", "Bailey", "Baker", "Barnes", "Bauer",
    "Becker", "Bell", "Bennett", "Berg", "Bernard", "Bianchi", "Brooks", "Brown", "Bruno", "Butler",
    "Campbell", "Carter", "Castro", "Chen", "Clark", "Collins", "Colombo", "Cook", "Cooper", "Costa", "Cox",
    "Cruz", "Dahl", "Das", "Davies", "Davis", "de Jong", "de Vries", "Diaz", "Dubois", "Edwards", "Eriksson",
    "Evans", "Fernandez", "Ferrari", "Fischer", "Fisher", "Flores", "Fontaine", "Foster", "Fournier", "Garcia",
    "Gomez", "Gonzalez", "Gray", "Green", "Gupta", "Hall", "Hansen", "Harris", "Hartmann", "Hayes", "Hernandez",
    "Hill", "Hoffmann", "Horvath", "Howard", "Hughes", "Ito", "Jackson", "James", "Jansen", "Jensen",
    "Johansson", "Johnson", "Jones", "Kaur", "Keller", "Kelly", "Khan", "Kim", "King", "Klein", "Koch",
    "Kowalski", "Kraus", "Kumar", "Lambert", "Lang", "Larsen", "Laurent", "Lee", "Lefebvre", "Lewis", "Li",
    "Lindqvist", "Lopez", "Lorenz", "Martin", "Martinez", "Meyer", "Miller", "Mitchell", "Moore", "Morales",
    "Moreau", "Morgan", "Morris", "Muller", "Murphy", "Nakamura", "Nelson", "Nguyen", "Nielsen", "Novak",
    "O'Brien", "O'Connor", "Olsen", "Ortiz", "Owens", "Park", "Parker", "Patel", "Perez", "Peters",
    "Petersen", "Phillips", "Price", "Ramirez", "Reed", "Reyes", "Richard", "Richter", "Rivera", "Roberts",
    "Robinson", "Rodriguez", "Rogers", "Romano", "Ross", "Rossi", "Russo", "Sanchez", "Sanders", "Santos",
    "Sato", "Schmidt", "Schneider", "Schulz", "Schwarz", "Scott", "Shah", "Silva", "Simon", "Singh", "Smith",
    "Sorensen", "Stewart", "Suzuki", "Svensson", "Takahashi", "Tanaka", "Taylor", "Thomas", "Thompson",
    "Torres", "Turner", "van Dijk", "Vargas", "Walker", "Wang", "Ward", "Watanabe", "Watson", "Weber",
    "Wagner", "White", "Williams", "Wilson", "Wolf", "Wong", "Wood", "Wright", "Wu", "Yamamoto", "Yilmaz",
    "Young", "Zhang", "Zimmermann", "Zhou", "Ahn", "Akhtar", "Albrecht", "Almeida", "Arnold", "Baptiste",
    "Barbieri", "Bergstrom", "Blanc", "Bosch", "Brandt", "Carvalho", "Chavez", "Conti", "Dietrich", "Duarte",
    "Engel", "Esposito", "Farah", "Franke", "Frank", "Friedrich", "Gallo", "Garnier", "Gentile", "Greco",
    "Gruber", "Haas", "Hahn", "Hofmann", "Huber", "Iyer", "Jovanovic", "Kaiser", "Kapoor", "Kruger",
    "Kuhn", "Lehmann", "Lombardi", "Ludwig", "Mancini", "Marino", "Mendes", "Mehta", "Mercier", "Moretti",
    "Nair", "Neumann", "Nowak", "Pereira", "Petrov", "Pohl", "Popescu", "Reddy", "Ricci", "Rocha", "Roux",
    "Ruiz", "Sauer", "Schubert", "Seidel", "Sharma", "Sommer", "Stein", "Vogel", "Walter", "Winkler",
    "Yadav", "Zanetti",
];

/// Departments and functions that get shared mailboxes.
#[rustfmt::skip]
pub(crate) const SHARED_MAILBOXES: &[&str] = &[
    "Accounts Payable", "Accounts Receivable", "Billing", "Customer Service", "Events", "Facilities",
    "HR Helpdesk", "Info", "IT Helpdesk", "Legal", "Marketing", "Payroll", "Press", "Procurement",
    "Reception", "Recruiting", "Sales", "Support", "Training", "Travel Desk",
];

/// Office locations used in resource names.
#[rustfmt::skip]
pub(crate) const SITES: &[&str] = &[
    "Amsterdam", "Berlin", "Boston", "Chicago", "Dublin", "Frankfurt", "London", "Madrid", "Milan", "Munich",
    "Paris", "Seattle", "Singapore", "Sydney", "Tokyo", "Toronto", "Vienna", "Zurich",
];

/// Equipment that gets an equipment mailbox.
pub(crate) const EQUIPMENT: &[&str] = &["Projector", "Pool Car", "Camera", "Laptop Loaner", "Van"];

/// Hands out Name/Alias pairs that no mailbox of the tenant uses yet, as `maria.garcia`, `maria.garcia2`, …
/// (Name `Maria Garcia`, `Maria Garcia 2`, …). A candidate is free when neither text is any mailbox's Name,
/// Alias, address or Guid, so no mailbox's Name is another's Alias and every identity resolves to one mailbox.
/// The tenant's own index answers that; this only remembers the next suffix to try per alias.
#[derive(Default)]
pub(crate) struct Directory {
    next_suffix: HashMap<String, u32>,
}

impl Directory {
    /// A free (Name, Alias) for a mailbox whose natural name is `name`; `taken` says whether a text is in use.
    pub(crate) fn claim(&mut self, name: &str, taken: impl Fn(&str) -> bool) -> (String, String) {
        let base = alias_of(name);
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        loop {
            let (name, alias) = if n == 1 {
                (name.to_string(), base.clone())
            } else {
                (format!("{name} {n}"), format!("{base}{n}"))
            };
            if !taken(&name) && !taken(&alias) {
                self.next_suffix.insert(base, n + 1);
                return (name, alias);
            }
            n += 1;
        }
    }
}

/// An Exchange-style alias: lowercase ASCII, words joined by `.`, accents folded, apostrophes dropped.
pub(crate) fn alias_of(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            'a'..='z' | '0'..='9' | '-' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            ' ' | '.' | '_' => {
                if !out.is_empty() && !out.ends_with('.') {
                    out.push('.');
                }
            }
            _ => out.push_str(fold(c)),
        }
    }
    while out.ends_with('.') {
        out.pop();
    }
    out
}

fn fold(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        _ => "",
    }
}
