"""Names by country of origin (transliterated as Norwegian registers write them), and weights."""

from __future__ import annotations

from typing import NamedTuple


class Origin(NamedTuple):
    code: str  # ISO 3166-1 alpha-3
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    languages: tuple[str, ...]


ORIGINS: dict[str, Origin] = {
    "UKR": Origin(
        "UKR",
        ("Oleksandr", "Andrii", "Dmytro", "Serhii", "Mykola", "Yurii", "Bohdan", "Taras", "Ivan"),
        ("Olena", "Iryna", "Nataliia", "Oksana", "Kateryna", "Yuliia", "Tetiana", "Mariia"),
        ("Kovalenko", "Bondarenko", "Tkachenko", "Shevchenko", "Kravchenko", "Melnyk", "Boiko"),
        ("ukrainsk", "russisk", "engelsk"),
    ),
    "SYR": Origin(
        "SYR",
        ("Mohammed", "Ahmad", "Omar", "Khaled", "Yousef", "Hussein", "Ali", "Mahmoud", "Bashar"),
        ("Fatima", "Aisha", "Rania", "Lina", "Nour", "Hala", "Reem", "Yasmin", "Maryam"),
        ("Al-Hassan", "Haddad", "Khalil", "Mansour", "Darwish", "Kurt", "Al-Ahmad", "Nasser"),
        ("arabisk", "kurdisk", "engelsk"),
    ),
    "AFG": Origin(
        "AFG",
        ("Ahmad", "Mohammad", "Hamid", "Farid", "Jawad", "Najib", "Sayed", "Rahim", "Wahid"),
        ("Zahra", "Fariba", "Maryam", "Shabnam", "Parwana", "Nargis", "Soraya", "Mahbooba"),
        ("Ahmadi", "Hosseini", "Rahimi", "Karimi", "Sultani", "Mohammadi", "Noori", "Safi"),
        ("dari", "pashto", "farsi"),
    ),
    "ERI": Origin(
        "ERI",
        ("Yonas", "Tesfay", "Filmon", "Dawit", "Merhawi", "Semere", "Habtom", "Kidane"),
        ("Helen", "Senait", "Selam", "Rahel", "Winta", "Saba", "Tsega", "Luwam"),
        ("Tesfamariam", "Ghebremedhin", "Haile", "Berhe", "Kidane", "Tekle", "Woldu"),
        ("tigrinja", "arabisk", "engelsk"),
    ),
    "COD": Origin(
        "COD",
        ("Jean", "Patrick", "Emmanuel", "Joseph", "Pierre", "Christian", "Didier", "Prince"),
        ("Marie", "Chantal", "Esther", "Grâce", "Solange", "Aimée", "Josée", "Béatrice"),
        ("Mukendi", "Kabongo", "Ilunga", "Mbuyi", "Tshibangu", "Kalonji", "Lukusa", "Ngoy"),
        ("fransk", "swahili", "lingala"),
    ),
    "SOM": Origin(
        "SOM",
        ("Abdi", "Mohamed", "Hassan", "Abdirahman", "Ismail", "Yusuf", "Ahmed", "Mahad"),
        ("Hodan", "Amina", "Sahra", "Fadumo", "Ifrah", "Hibo", "Nasra", "Ubah", "Sagal"),
        ("Abdullahi", "Warsame", "Farah", "Osman", "Hirsi", "Jama", "Ali", "Nur", "Egal"),
        ("somali", "arabisk", "engelsk"),
    ),
    "SSD": Origin(
        "SSD",
        ("Deng", "Garang", "Majok", "Akol", "Malual", "Kuol", "Bol", "Manyang"),
        ("Achol", "Nyandeng", "Abuk", "Ayen", "Nyibol", "Adut", "Akuol", "Athieng"),
        ("Deng", "Garang", "Mayen", "Akech", "Chol", "Ajak", "Mabior", "Kiir"),
        ("dinka", "arabisk", "engelsk"),
    ),
    "SDN": Origin(
        "SDN",
        ("Osman", "Abdelrahman", "Mustafa", "Tarig", "Hamza", "Elfatih", "Khalid", "Salih"),
        ("Amna", "Hiba", "Samah", "Rasha", "Ikhlas", "Mawahib", "Safaa", "Tasneem"),
        ("Elhassan", "Abdalla", "Mohamed Ali", "Babiker", "Elamin", "Idris", "Hamid", "Musa"),
        ("arabisk", "engelsk", "fur"),
    ),
    "TUR": Origin(
        "TUR",
        ("Mehmet", "Mustafa", "Ahmet", "Hüseyin", "İbrahim", "Yusuf", "Emre", "Murat", "Çağlar"),
        ("Ayşe", "Fatma", "Zeynep", "Elif", "Şule", "Gülşen", "Özlem", "Hatice", "Büşra"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Doğan", "Güneş"),
        ("tyrkisk", "kurdisk", "engelsk"),
    ),
}

# Country-of-origin weights by year of arrival (IMDi's figures: Syria dominates 2015-2018,
# Ukraine from 2022).
ORIGIN_WEIGHTS: dict[int, dict[str, int]] = {
    2015: {"SYR": 50, "AFG": 15, "ERI": 20, "SOM": 5, "COD": 3, "SSD": 3, "SDN": 3, "TUR": 1},
    2018: {"SYR": 40, "AFG": 10, "ERI": 25, "COD": 10, "SOM": 5, "SSD": 5, "SDN": 4, "TUR": 1},
    2020: {"SYR": 40, "AFG": 15, "ERI": 15, "COD": 10, "SOM": 5, "SSD": 5, "SDN": 5, "TUR": 5},
    2022: {"UKR": 85, "SYR": 6, "AFG": 5, "ERI": 2, "COD": 1, "TUR": 1},
    2024: {"UKR": 75, "SYR": 8, "AFG": 6, "ERI": 3, "SDN": 3, "SSD": 2, "COD": 2, "TUR": 1},
}

# Persons settled per year (IMDi): shape of the demo register over time.
SETTLED_PER_YEAR: dict[int, int] = {
    2016: 15291,
    2017: 11078,
    2018: 4903,
    2019: 4822,
    2020: 3500,
    2021: 5600,
    2022: 32000,
    2023: 33000,
    2024: 22000,
    2025: 14000,
    2026: 9000,
}

NORWEGIAN_FIRST = (
    "Kari",
    "Ola",
    "Ingrid",
    "Håkon",
    "Solveig",
    "Bjørn",
    "Åse",
    "Øystein",
    "Sigrid",
    "Tor",
    "Marte",
    "Jørgen",
    "Ragnhild",
    "Lars",
    "Line",
    "Eirik",
)
NORWEGIAN_LAST = (
    "Nordmann",
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Bakke",
    "Sæther",
    "Løvås",
    "Østby",
    "Haugen",
    "Berg",
    "Aasen",
    "Dahl",
    "Strøm",
    "Moen",
    "Vik",
)
