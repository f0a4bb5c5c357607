"""What the generated CVs are made of, in the five CV languages: names, places, employers, roles, degrees, skills.

Written the way people in each country write them (legal forms, degree names, phone formats), so the
import is measured on text that looks like real CVs, not on English with foreign headings.
"""

from __future__ import annotations

from dataclasses import dataclass


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


@dataclass(frozen=True)
class Profession:
    titles: tuple[str, ...]
    groups: dict[str, tuple[str, ...]]  # skill group name -> keywords
    highlights: tuple[str, ...]  # "{n}" is a number
    summaries: tuple[str, ...]


@dataclass(frozen=True)
class Words:
    first: tuple[str, ...]
    last: tuple[str, ...]
    latin: dict[str, str]  # letter -> Latin letters, for e-mail addresses
    cities: tuple[tuple[str, str], ...]  # (city, country code)
    phones: tuple[str, ...]  # "#" is a digit
    companies: tuple[str, ...]
    professions: tuple[Profession, ...]
    institutions: tuple[str, ...]
    degrees: tuple[str, ...]
    areas: tuple[str, ...]
    languages: tuple[tuple[str, str], ...]  # (language, fluency)
    certificates: tuple[tuple[str, str], ...]  # (name, issuer)
    projects: tuple[tuple[str, str], ...]  # (name, description)


def _profession(titles: str, groups: dict[str, str], highlights: str, summaries: str) -> Profession:
    return Profession(_split(titles), {k: _split(v) for k, v in groups.items()}, _split(highlights), _split(summaries))


_UK_LATIN = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'",
        [
            "a",
            "b",
            "v",
            "h",
            "g",
            "d",
            "e",
            "ie",
            "zh",
            "z",
            "y",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "iu",
            "ia",
            "_",
        ],
        strict=True,
    )
)

WORDS: dict[str, Words] = {
    "en": Words(
        first=_split("Emily|James|Olivia|Daniel|Sophie|Michael|Hannah|Thomas|Grace|Ryan|Chloe|Ethan|Amelia|Samuel"),
        last=_split("Carter|Whitfield|Thompson|O'Brien|Nguyen|Patel|Robinson|Fletcher|Hughes|Bennett|Morgan|Sullivan"),
        latin={},
        cities=(("London", "GB"), ("Manchester", "GB"), ("Austin", "US"), ("Boston", "US"), ("Dublin", "IE"),
                ("Toronto", "CA"), ("Edinburgh", "GB"), ("Seattle", "US")),
        phones=("+44 20 7946 ####", "+1 (512) 555-####", "+353 1 555 ####", "+1 617-555-####"),
        companies=_split("Brightwave Analytics Ltd|Northgate Logistics|Harbour & Finch LLP|Cobalt Health Systems Inc."
                         "|Meridian Retail Group|Pinecrest Software|Atlas Freight Co.|Bluebell Media"
                         "|Greenfield Bank plc"
                         "|Quantum Leaf Labs|Riverside NHS Trust|Summit Insurance Partners"),
        professions=(
            _profession(
                "Software Engineer|Senior Backend Developer|Full-Stack Developer|Engineering Manager|DevOps Engineer"
                "|Data Engineer",
                {"Languages": "Python|TypeScript|Go|SQL|Java", "Cloud & DevOps": "AWS|Docker|Kubernetes|Terraform",
                 "Data": "PostgreSQL|Redis|Apache Kafka|Airflow"},
                "Built the payments API used by {n} thousand customers a day|Led a team of {n} engineers through the "
                "move to Kubernetes|Cut the p95 latency of the search service by {n}% with caching and better "
                "indexes|Designed the event pipeline for the analytics team|Mentored {n} junior developers and ran "
                "the code review guild|Automated the release process, from {n} hours to ten minutes",
                "Backend engineer with {n} years of experience building reliable services for payments and "
                "logistics. I enjoy turning slow, fragile systems into fast and boring ones.|Software engineer who "
                "likes small teams, clear code and measurable results; {n} years in the industry.",
            ),
            _profession(
                "Marketing Manager|Content Strategist|Digital Marketing Specialist|Brand Manager|SEO Lead",
                {"Marketing": "SEO|Google Analytics|HubSpot|Content strategy|Email campaigns",
                 "Tools": "Figma|Canva|Salesforce|Hootsuite"},
                "Grew organic traffic by {n}% in one year with a new content plan|Ran the rebrand across {n} "
                "markets and kept the launch on budget|Managed a yearly budget of £{n}0,000 for paid campaigns|Built "
                "the newsletter to {n} thousand subscribers|Worked with the sales team to cut the cost per lead by "
                "{n}%",
                "Marketing manager with {n} years in consumer brands and a taste for data. I plan campaigns that "
                "people remember and that pay for themselves.",
            ),
            _profession(
                "Financial Analyst|Senior Accountant|Finance Manager|Audit Associate|Controller",
                {"Finance": "Financial modelling|IFRS|Budgeting|Forecasting|Audit",
                 "Software": "Excel|SAP|Power BI|Xero"},
                "Closed the monthly books in {n} days instead of ten|Prepared the annual budget for {n} business "
                "units|Built the forecasting model used by the board|Led the audit of {n} subsidiaries in the "
                "region|Reduced late payments by {n}% with a new collections process",
                "Chartered accountant with {n} years in audit and corporate finance. I make the numbers clear for "
                "the people who decide.",
            ),
        ),
        institutions=_split("University of Manchester|King's College London|University of Texas at Austin"
                            "|Trinity College Dublin|University of Edinburgh|Boston University|University of Toronto"),
        degrees=_split("BSc|MSc|BA|MBA|Bachelor of Engineering|Master of Science"),
        areas=_split("Computer Science|Economics|Marketing|Accounting and Finance|Software Engineering|Business "
                     "Administration|Mathematics"),
        languages=(("English", "Native"), ("Spanish", "B2"), ("French", "Intermediate"), ("German", "A2"),
                   ("Irish", "Conversational")),
        certificates=(("AWS Certified Solutions Architect", "Amazon Web Services"),
                      ("Google Analytics Certification", "Google"), ("ACCA Qualification", "ACCA"),
                      ("Certified Scrum Master", "Scrum Alliance")),
        projects=(("Open Freight", "An open-source route planner for small delivery companies"),
                  ("Budget Buddy", "A budgeting app for students, with 2,000 users"),
                  ("City Data Dashboard", "Open data about public transport in the city")),
    ),
    "de": Words(
        first=_split("Lukas|Anna|Felix|Laura|Jonas|Katharina|Maximilian|Sophie|Tobias|Lena|Jan|Miriam|Florian|Julia"),
        last=_split("Müller|Schneider|Weber|Becker|Hoffmann|Schäfer|Koch|Richter|Wagner|Neumann|Krüger|Zimmermann"),
        latin={"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"},
        cities=(("Berlin", "DE"), ("München", "DE"), ("Hamburg", "DE"), ("Köln", "DE"), ("Wien", "AT"),
                ("Zürich", "CH"), ("Stuttgart", "DE"), ("Leipzig", "DE")),
        phones=("+49 30 #######", "+49 89 ######", "+43 1 #######", "+49 151 ########"),
        companies=_split("Nordlicht Logistik GmbH|Bergmann & Söhne KG|Stadtwerke Leipzig|Rheinland Versicherung AG"
                         "|Alpenblick Software GmbH|Hanse Digital GmbH|Siebert Maschinenbau AG|Kraftwerk Medien GmbH"
                         "|Grünfeld Bank AG|Taunus Consulting GmbH|Klinikum Schwabing|Elbe Handel GmbH"),
        professions=(
            _profession(
                "Softwareentwickler|Senior Backend-Entwickler|Teamleiter Softwareentwicklung|DevOps-Ingenieur"
                "|Data Engineer|Full-Stack-Entwicklerin",
                {"Programmiersprachen": "Python|Java|Kotlin|TypeScript|SQL",
                 "Infrastruktur": "Docker|Kubernetes|Terraform|Azure", "Datenbanken": "PostgreSQL|MongoDB|Redis"},
                "Entwicklung der Zahlungsschnittstelle für {n} Tausend Kunden am Tag|Leitung eines Teams von {n} "
                "Entwicklern und Einführung von Code-Reviews|Senkung der Antwortzeiten der Suche um {n} % durch "
                "Caching|Migration der Anwendungen in die Cloud mit Kubernetes|Aufbau der Datenpipeline für die "
                "Analyseabteilung|Betreuung von {n} Werkstudenten und Auszubildenden",
                "Softwareentwickler mit {n} Jahren Erfahrung in der Entwicklung von Backend-Systemen für Logistik "
                "und Zahlungsverkehr. Ich schreibe klaren Code und arbeite gern im Team.|Erfahrene Entwicklerin mit "
                "Schwerpunkt auf Cloud und Daten; seit {n} Jahren in der Branche.",
            ),
            _profession(
                "Marketing Managerin|Referent Unternehmenskommunikation|Online-Marketing-Manager|Produktmanagerin",
                {"Marketing": "SEO|Google Ads|Content-Marketing|Social Media|Kampagnenplanung",
                 "Werkzeuge": "HubSpot|Adobe Photoshop|Salesforce|Google Analytics"},
                "Steigerung der Besucherzahlen der Website um {n} % in einem Jahr|Planung und Umsetzung der "
                "Kampagnen für {n} Märkte|Verantwortung für ein Budget von {n}0.000 Euro|Aufbau des Newsletters auf "
                "{n} Tausend Abonnenten|Zusammenarbeit mit dem Vertrieb und der Produktentwicklung",
                "Marketing Managerin mit {n} Jahren Erfahrung im Konsumgüterbereich. Ich verbinde kreative Ideen "
                "mit Zahlen und messbaren Ergebnissen.",
            ),
            _profession(
                "Finanzbuchhalter|Controllerin|Bilanzbuchhalter|Leiter Rechnungswesen|Steuerfachangestellte",
                {"Finanzen": "Jahresabschluss|HGB|IFRS|Controlling|Kostenrechnung",
                 "Software": "SAP FI/CO|DATEV|Excel|Power BI"},
                "Erstellung der Monats- und Jahresabschlüsse nach HGB und IFRS|Einführung von SAP FI für {n} "
                "Gesellschaften|Verkürzung des Monatsabschlusses von zehn auf {n} Tage|Betreuung der "
                "Wirtschaftsprüfung und der Betriebsprüfung|Aufbau eines Berichtswesens für die Geschäftsführung",
                "Bilanzbuchhalter mit {n} Jahren Erfahrung im Rechnungswesen und Controlling. Ich sorge für klare "
                "Zahlen und pünktliche Abschlüsse.",
            ),
        ),
        institutions=_split("Technische Universität München|Humboldt-Universität zu Berlin|Universität Hamburg"
                            "|Universität zu Köln|Universität Wien|Hochschule für Technik Stuttgart"
                            "|Universität Leipzig"),
        degrees=_split("Bachelor of Science|Master of Science|Diplom|Bachelor of Arts|Master of Arts"),
        areas=_split("Informatik|Wirtschaftsinformatik|Betriebswirtschaftslehre|Medienwissenschaft|Mathematik"
                     "|Wirtschaftswissenschaften"),
        languages=(("Deutsch", "Muttersprache"), ("Englisch", "C1"), ("Französisch", "B1"), ("Spanisch", "A2"),
                   ("Polnisch", "Grundkenntnisse")),
        certificates=(("AWS Certified Developer", "Amazon Web Services"), ("Scrum Master", "Scrum.org"),
                      ("Bilanzbuchhalter (IHK)", "IHK München"), ("Google Ads Zertifikat", "Google")),
        projects=(("Paketfuchs", "Eine App für die Sendungsverfolgung kleiner Händler"),
                  ("Haushaltsbuch", "Eine Open-Source-Anwendung für private Finanzen"),
                  ("Stadtteilkarte", "Eine Karte mit den Angeboten im Viertel")),
    ),
    "fr": Words(
        first=_split("Camille|Julien|Léa|Antoine|Chloé|Mathieu|Manon|Nicolas|Élodie|Thomas|Inès|Hugo|Céline|Louis"),
        last=_split("Martin|Dubois|Lefèvre|Moreau|Laurent|Girard|Rousseau|Fontaine|Chevalier|Mercier|Garnier|Faure"),
        latin={"é": "e", "è": "e", "ê": "e", "ë": "e", "à": "a", "â": "a", "ç": "c", "î": "i", "ï": "i", "ô": "o",
               "û": "u", "ù": "u"},
        cities=(("Paris", "FR"), ("Lyon", "FR"), ("Bordeaux", "FR"), ("Nantes", "FR"), ("Lille", "FR"),
                ("Toulouse", "FR"), ("Bruxelles", "BE"), ("Genève", "CH")),
        phones=("+33 6 ## ## ## ##", "+33 1 ## ## ## ##", "06 ## ## ## ##", "+32 2 ### ## ##"),
        companies=_split("Banque Lumière SA|Groupe Horizon|Atelier Numérique SAS|Transports Dupont & Fils"
                         "|Société Générale de Conseil|Clinique Saint-Roch|Éditions du Rivage|Agence Boréale"
                         "|Vignobles Mercier SARL|Logiciels Azur SAS|Assurances du Littoral|Maison Chevalier"),
        professions=(
            _profession(
                "Ingénieur logiciel|Développeuse full-stack|Chef de projet informatique|Ingénieur DevOps"
                "|Développeur back-end senior|Data engineer",
                {"Langages": "Python|Java|JavaScript|PHP|SQL", "Outils": "Git|Docker|Jenkins|Kubernetes",
                 "Bases de données": "PostgreSQL|MySQL|Elasticsearch"},
                "Conception de l'API de paiement utilisée par {n} mille clients par jour|Encadrement d'une équipe "
                "de {n} développeurs et mise en place des revues de code|Réduction de {n} % du temps de réponse "
                "de la recherche|Migration des applications vers le cloud avec Kubernetes|Mise en place de "
                "l'intégration continue pour les {n} équipes|Accompagnement des stagiaires et des alternants",
                "Ingénieur logiciel avec {n} ans d'expérience dans le développement d'applications web pour la "
                "banque et la logistique. J'aime les équipes soudées et le code clair.|Développeuse passionnée par "
                "les données et la qualité logicielle, avec {n} ans d'expérience.",
            ),
            _profession(
                "Responsable marketing|Chargée de communication|Chef de produit|Responsable marketing digital",
                {"Marketing": "Référencement|Google Analytics|Réseaux sociaux|Stratégie de contenu|Emailing",
                 "Outils": "Adobe InDesign|Canva|Mailchimp|Salesforce"},
                "Hausse de {n} % du trafic du site en un an grâce à la stratégie de contenu|Pilotage du "
                "lancement de la nouvelle marque dans {n} pays|Gestion d'un budget de {n}0 000 euros pour les "
                "campagnes|Animation des réseaux sociaux et de la communauté|Organisation de {n} salons et "
                "événements par an",
                "Responsable marketing avec {n} ans d'expérience dans la mode et la grande consommation. Je conçois "
                "des campagnes créatives et rentables.",
            ),
            _profession(
                "Contrôleur de gestion|Comptable|Analyste financière|Directeur administratif et financier",
                {"Finance": "Contrôle de gestion|Comptabilité générale|Consolidation|Fiscalité|Trésorerie",
                 "Logiciels": "SAP|Sage|Excel|Cegid"},
                "Clôture mensuelle des comptes en {n} jours au lieu de dix|Élaboration du budget annuel pour {n} "
                "filiales|Mise en place des tableaux de bord pour la direction|Suivi de la trésorerie et des "
                "relations avec les banques|Préparation des audits avec les commissaires aux comptes",
                "Contrôleur de gestion avec {n} ans d'expérience dans l'industrie et les services. Je rends les "
                "chiffres lisibles pour la direction.",
            ),
        ),
        institutions=_split("Université Paris-Saclay|Université Lyon 2|Sciences Po Paris|Université de Bordeaux"
                            "|INSA Lyon|ESSEC Business School|Université Libre de Bruxelles"),
        degrees=_split("Master|Licence|Diplôme d'ingénieur|DUT|BTS|MBA"),
        areas=_split("Informatique|Marketing et communication|Finance d'entreprise|Gestion|Génie logiciel"
                     "|Économie"),
        languages=(("Français", "Langue maternelle"), ("Anglais", "C1"), ("Espagnol", "B2"), ("Allemand", "A2"),
                   ("Italien", "Notions")),
        certificates=(("Certification Scrum Master", "Scrum.org"), ("TOEIC 950", "ETS"),
                      ("Google Ads", "Google"), ("Certification AMF", "AMF")),
        projects=(("Covoit'Campus", "Une application de covoiturage pour les étudiants"),
                  ("Cave Connectée", "Un outil de suivi des stocks pour les cavistes"),
                  ("Budget Malin", "Un site pour gérer son budget en famille")),
    ),
    "es": Words(
        first=_split("Lucía|Javier|María|Alejandro|Carmen|Pablo|Sofía|Diego|Elena|Andrés|Marta|Sergio|Paula|Raúl"),
        last=_split("García|Fernández|López|Martínez|Sánchez|Romero|Navarro|Torres|Ruiz|Morales|Ortega|Castillo"),
        latin={"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "ñ": "n", "ü": "u"},
        cities=(("Madrid", "ES"), ("Barcelona", "ES"), ("Valencia", "ES"), ("Sevilla", "ES"), ("Bilbao", "ES"),
                ("Málaga", "ES"), ("Ciudad de México", "MX"), ("Buenos Aires", "AR")),
        phones=("+34 6## ### ###", "+34 91 ### ## ##", "+52 55 #### ####", "6## ## ## ##"),
        companies=_split("Soluciones Iberia S.L.|Grupo Alameda|Banco Mediterráneo S.A.|Transportes Ruiz e Hijos"
                         "|Clínica San Rafael|Tecnologías del Sur S.L.|Editorial Brisa|Consultores Castilla S.A."
                         "|Bodegas Ortega|Seguros Atlántico S.A.|Innova Digital S.L.|Hoteles Costa Dorada"),
        professions=(
            _profession(
                "Ingeniero de software|Desarrolladora full stack|Jefe de proyecto|Ingeniero DevOps"
                "|Desarrollador backend sénior|Ingeniera de datos",
                {"Lenguajes": "Python|Java|JavaScript|C#|SQL", "Herramientas": "Git|Docker|Kubernetes|Jenkins",
                 "Bases de datos": "PostgreSQL|MySQL|MongoDB"},
                "Desarrollo de la API de pagos que usan {n} mil clientes al día|Dirección de un equipo de {n} "
                "desarrolladores y revisión del código|Reducción del tiempo de respuesta de la búsqueda en un {n} "
                "%|Migración de las aplicaciones a la nube con Kubernetes|Implantación de la integración continua "
                "para los {n} equipos|Formación de los becarios y de los nuevos desarrolladores",
                "Ingeniero de software con {n} años de experiencia en el desarrollo de aplicaciones para la banca y "
                "la logística. Me gustan los equipos pequeños y el código claro.|Desarrolladora con experiencia en "
                "datos y en la nube, con {n} años en el sector.",
            ),
            _profession(
                "Responsable de marketing|Community manager|Especialista en marketing digital|Jefa de producto",
                {"Marketing": "SEO|Google Analytics|Redes sociales|Marketing de contenidos|Email marketing",
                 "Herramientas": "Canva|HubSpot|Adobe Illustrator|Salesforce"},
                "Aumento del tráfico de la web en un {n} % en un año|Lanzamiento de la nueva marca en {n} países"
                "|Gestión de un presupuesto de {n}0.000 euros para las campañas|Creación de los contenidos para las "
                "redes sociales de la empresa|Organización de {n} eventos con los clientes",
                "Responsable de marketing con {n} años de experiencia en moda y turismo. Diseño campañas creativas y "
                "medibles para las marcas.",
            ),
            _profession(
                "Analista financiero|Contable|Controller financiera|Director financiero",
                {"Finanzas": "Contabilidad|Control de gestión|Presupuestos|Auditoría|Tesorería",
                 "Software": "SAP|Excel|Power BI|A3"},
                "Cierre contable mensual en {n} días en lugar de diez|Elaboración del presupuesto anual para {n} "
                "filiales|Diseño de los informes para la dirección|Gestión de la tesorería y de las relaciones con "
                "los bancos|Coordinación de la auditoría con los auditores externos",
                "Analista financiero con {n} años de experiencia en la industria y los servicios. Hago que las "
                "cifras sean claras para la dirección.",
            ),
        ),
        institutions=_split("Universidad Complutense de Madrid|Universitat de Barcelona|Universidad de Sevilla"
                            "|Universitat Politècnica de València|Universidad de Deusto|IE Business School"
                            "|Universidad Nacional Autónoma de México"),
        degrees=_split("Grado|Máster|Licenciatura|Ingeniería|MBA"),
        areas=_split("Ingeniería Informática|Administración y Dirección de Empresas|Marketing|Economía"
                     "|Matemáticas|Publicidad y Relaciones Públicas"),
        languages=(("Español", "Nativo"), ("Inglés", "C1"), ("Francés", "B1"), ("Alemán", "A2"),
                   ("Catalán", "Nativo")),
        certificates=(("Scrum Master Certificado", "Scrum.org"), ("Cambridge Advanced (CAE)", "Cambridge"),
                      ("Google Analytics", "Google"), ("Certificado de Profesionalidad", "SEPE")),
        projects=(("RutaVerde", "Una aplicación para planificar rutas en bicicleta por la ciudad"),
                  ("Cuentas Claras", "Una herramienta para repartir los gastos en grupo"),
                  ("Mercado Local", "Una tienda en línea para los productores de la zona")),
    ),
    "uk": Words(
        first=_split("Олена|Андрій|Ірина|Дмитро|Наталія|Олександр|Марія|Сергій|Юлія|Тарас|Оксана|Максим|Софія|Богдан"),
        last=_split("Шевченко|Коваленко|Бондаренко|Ткаченко|Кравченко|Мельник|Олійник|Поліщук|Лисенко|Гончаренко"
                    "|Савченко|Руденко"),
        latin=_UK_LATIN,
        cities=(("Київ", "UA"), ("Львів", "UA"), ("Харків", "UA"), ("Одеса", "UA"), ("Дніпро", "UA"),
                ("Вінниця", "UA"), ("Івано-Франківськ", "UA"), ("Варшава", "PL")),
        phones=("+380 67 ### ## ##", "+380 50 ### ####", "+380 (44) ###-##-##", "+48 5## ### ###"),
        companies=_split("ТОВ «Софтсерв Рішення»|Приватбанк|Нова Пошта|ТОВ «Дніпро Логістик»|Київстар"
                         "|Укрзалізниця|ТОВ «Карпатські Медіа»|Ощадбанк|ТОВ «Львівська Кавова Мануфактура»"
                         "|Епіцентр К|ТОВ «Інтелект Софт»|Клініка «Добробут»"),
        professions=(
            _profession(
                "Програміст|Старший бекенд-розробник|Керівник команди розробки|DevOps-інженер|Інженер з даних"
                "|Фулстек-розробниця",
                {"Мови програмування": "Python|Java|JavaScript|Go|SQL", "Інфраструктура": "Docker|Kubernetes|AWS|Linux",
                 "Бази даних": "PostgreSQL|Redis|ClickHouse"},
                "Розробив платіжний API для {n} тисяч клієнтів щодня|Керував командою з {n} розробників і "
                "запровадив рев'ю коду|Скоротив час відповіді пошуку на {n} %|Переніс сервіси в хмару на "
                "Kubernetes|Налаштував безперервну інтеграцію для {n} команд|Навчав стажистів і молодших розробників",
                "Програміст з {n} роками досвіду в розробці сервісів для банків і логістики. Люблю чистий код і "
                "невеликі команди.|Розробниця з досвідом роботи з даними та хмарними сервісами, {n} років у галузі.",
            ),
            _profession(
                "Маркетолог|Менеджерка з комунікацій|SMM-менеджер|Бренд-менеджерка",
                {"Маркетинг": "SEO|Google Analytics|Соціальні мережі|Контент-маркетинг|Email-розсилки",
                 "Інструменти": "Canva|Figma|HubSpot|Meta Ads"},
                "Збільшила відвідуваність сайту на {n} % за рік|Запустила новий бренд у {n} регіонах|Керувала "
                "бюджетом {n}00 тисяч гривень на рекламу|Створювала контент для соціальних мереж компанії"
                "|Організувала {n} подій для клієнтів",
                "Маркетолог з {n} роками досвіду в рітейлі та FMCG. Створюю кампанії, які приносять результат.",
            ),
            _profession(
                "Бухгалтер|Фінансовий аналітик|Головна бухгалтерка|Фінансовий директор",
                {"Фінанси": "Бухгалтерський облік|МСФЗ|Бюджетування|Податковий облік|Аудит",
                 "Програми": "1С|BAS|Excel|Power BI"},
                "Закривала місяць за {n} днів замість десяти|Складав річний бюджет для {n} філій|Підготувала "
                "звітність за МСФЗ для аудиторів|Впровадив систему управлінської звітності|Вела податковий облік "
                "і звітність",
                "Бухгалтер з {n} роками досвіду в торгівлі та виробництві. Роблю цифри зрозумілими для керівництва.",
            ),
        ),
        institutions=_split("Київський національний університет імені Тараса Шевченка|Львівська політехніка"
                            "|Харківський національний університет імені В. Н. Каразіна|Київська школа економіки"
                            "|Національний університет «Києво-Могилянська академія»|Одеський національний "
                            "економічний університет"),
        degrees=_split("Бакалавр|Магістр|Спеціаліст|MBA"),
        areas=_split("Комп'ютерні науки|Економіка|Маркетинг|Облік і оподаткування|Програмна інженерія"
                     "|Прикладна математика"),
        languages=(("Українська", "Рідна"), ("Англійська", "B2"), ("Польська", "B1"), ("Німецька", "A2"),
                   ("Французька", "Базовий рівень")),
        certificates=(("AWS Certified Cloud Practitioner", "Amazon Web Services"),
                      ("Сертифікат Prometheus з аналізу даних", "Prometheus"), ("ACCA DipIFR", "ACCA"),
                      ("Google Ads", "Google")),
        projects=(("Укриття поруч", "Мапа найближчих укриттів для мешканців міста"),
                  ("Волонтерський облік", "Сервіс обліку допомоги для волонтерських організацій"),
                  ("Кавова карта", "Застосунок із картою кав'ярень Львова")),
    ),
}  # fmt: skip
