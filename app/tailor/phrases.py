"""The cover letter's own words in the five CV languages: frames that carry the CV's facts, never facts of their own.

Each frame names its slots in braces. Where several frames say the same thing, the letter picks one by its
content, so two letters do not read alike and the same letter always reads the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Phrases:
    salutation: str  # to a company's team
    salutation_general: str
    closing: str
    subject: str  # with a job title
    subject_general: str
    apply: tuple[str, ...]  # {title} {company}
    apply_title: tuple[str, ...]  # {title}, no company
    apply_company: tuple[str, ...]  # {company}, no title
    apply_general: tuple[str, ...]
    current: str  # {position} {employer}
    latest: str  # {position} {employer}
    since: str  # {year}
    requirement: tuple[str, ...]  # {skills} {where}; the achievement follows after a colon
    achievement: tuple[str, ...]  # {where}: an achievement with no requirement of the ad behind it
    fits: tuple[str, ...]  # {title}: the achievement tied to the role
    fits_general: tuple[str, ...]
    further: str  # {skills}: more of the ad's skills the CV shows
    tools: str  # {skills}: the CV's own skills, without an ad
    profile: str  # {summary}
    education: str  # {education}
    certificates: str  # {items}
    languages: str  # {items}
    also: str  # {where}: another achievement, as padding
    motivation: tuple[str, ...]  # {title} {company}
    motivation_general: tuple[str, ...]
    call: tuple[str, ...]
    spare: tuple[str, ...]  # sentences with no facts, for the sparsest CVs
    at: str  # {employer}: where an achievement happened
    in_project: str  # {name}
    and_: str
    # English only: an achievement that starts with a past-tense verb is conjugated after these frames.
    requirement_verb: tuple[str, ...] = ()  # {skills} {where} {where_cap}; then "built the pipeline"
    achievement_verb: tuple[str, ...] = ()  # then "at X, I built the pipeline"
    also_verb: str = ""  # {where_cap}; then "built the pipeline"


_EN = Phrases(
    salutation="Dear {company} hiring team,",
    salutation_general="Dear Hiring Manager,",
    closing="Kind regards,",
    subject="Application for the {title} role",
    subject_general="Application",
    apply=(
        "I am writing to apply for the {title} role at {company}.",
        "I would like to apply for the {title} position at {company}.",
        "Please accept my application for the {title} role at {company}.",
    ),
    apply_title=("I am writing to apply for the {title} role.", "I would like to apply for the {title} position."),
    apply_company=("I am writing to apply for a role at {company}.", "I would like to join {company}."),
    apply_general=("I am writing to offer my experience to your team.", "I would like to introduce myself."),
    current="I currently work as {position} at {employer}.",
    latest="Most recently, I worked as {position} at {employer}.",
    since="My professional experience goes back to {year}.",
    requirement=(
        "Your ad asks for {skills}, and here is one result from my time {where}:",
        "On {skills}, my record {where} speaks for itself:",
        "You are looking for {skills}. This is what that looked like {where}:",
    ),
    requirement_verb=(
        "Your ad asks for {skills}. {where_cap}, I",
        "You are looking for {skills}, and {where} I",
        "For {skills}, I can point to my work {where}, where I",
    ),
    achievement=(
        "One result I am proud of comes from my time {where}:",
        "A result that shows how I work, from my time {where}:",
    ),
    achievement_verb=("One result I am proud of:", "A result that shows how I work:"),
    fits=(
        "This is the kind of work I would bring to the {title} role.",
        "I would bring the same focus on results to the {title} role.",
        "I would like to deliver results like this as your {title}.",
    ),
    fits_general=(
        "This is the kind of work I would bring to your team.",
        "I would bring the same focus on results to your team.",
    ),
    further="My CV also shows {skills}, which your ad names as well.",
    tools="The tools and skills I work with include {skills}.",
    profile="My profile in brief: {summary}",
    education="My education: {education}.",
    certificates="Certificates: {items}.",
    languages="Languages: {items}.",
    also="Another result, from my time {where}:",
    also_verb="{where_cap}, I also",
    motivation=(
        "The {title} role at {company} appeals to me because it builds directly on what I do best.",
        "What draws me to {company} is the chance to bring this experience to the {title} role.",
    ),
    motivation_general=(
        "I am looking for a team where this experience makes a difference.",
        "I would like to bring this experience to a team that values it.",
    ),
    call=(
        "I would welcome a conversation about how I can contribute.",
        "I would be glad to discuss in an interview how my experience fits your needs.",
    ),
    spare=(
        "I would be glad to tell you more about my work and answer any questions.",
        "Thank you for taking the time to read my application.",
        "My CV gives the full picture of my experience, role by role.",
        "In a conversation, I could explain in more detail what I did in each role and what I learned there.",
        "I take care over my work, and I would bring the same care to this position.",
        "I look forward to hearing from you.",
    ),
    at="at {employer}",
    in_project="in the project {name}",
    and_="and",
)

_DE = Phrases(
    salutation="Sehr geehrte Damen und Herren,",
    salutation_general="Sehr geehrte Damen und Herren,",
    closing="Mit freundlichen Grüßen",
    subject="Bewerbung als {title}",
    subject_general="Bewerbung",
    apply=(
        "hiermit bewerbe ich mich bei {company} um die Stelle als {title}.",
        "mit großem Interesse bewerbe ich mich bei {company} als {title}.",
    ),
    apply_title=("hiermit bewerbe ich mich um die Stelle als {title}.",),
    apply_company=("hiermit bewerbe ich mich bei {company}.",),
    apply_general=("hiermit stelle ich mich Ihnen mit meiner Erfahrung vor.",),
    current="Derzeit arbeite ich als {position} bei {employer}.",
    latest="Zuletzt war ich als {position} bei {employer} tätig.",
    since="Berufserfahrung sammle ich seit {year}.",
    requirement=(
        "Ihre Ausschreibung nennt {skills}. Ein Ergebnis meiner Arbeit {where}:",
        "Sie suchen {skills}. Das habe ich {where} gezeigt:",
        "Zu {skills} kann ich ein konkretes Ergebnis {where} nennen:",
    ),
    achievement=(
        "Ein Ergebnis, auf das ich stolz bin, stammt aus meiner Zeit {where}:",
        "Wie ich arbeite, zeigt ein Ergebnis {where}:",
    ),
    fits=(
        "Genau diese Arbeitsweise möchte ich als {title} einbringen.",
        "Solche Ergebnisse möchte ich auch als {title} erzielen.",
    ),
    fits_general=(
        "Genau diese Arbeitsweise möchte ich in Ihr Team einbringen.",
        "Solche Ergebnisse möchte ich auch in Ihrem Team erzielen.",
    ),
    further="Außerdem bringe ich {skills} mit, die Sie ebenfalls nennen.",
    tools="Zu meinen Werkzeugen und Kenntnissen gehören {skills}.",
    profile="Mein Profil in Kürze: {summary}",
    education="Meine Ausbildung: {education}.",
    certificates="Zertifikate: {items}.",
    languages="Sprachen: {items}.",
    also="Ein weiteres Ergebnis {where}:",
    motivation=(
        "Die Stelle als {title} bei {company} reizt mich, weil sie direkt an meine Stärken anknüpft.",
        "An {company} reizt mich die Möglichkeit, diese Erfahrung als {title} einzubringen.",
    ),
    motivation_general=(
        "Ich suche ein Team, in dem diese Erfahrung etwas bewirkt.",
        "Diese Erfahrung möchte ich in ein Team einbringen, das sie zu schätzen weiß.",
    ),
    call=(
        "Über die Einladung zu einem persönlichen Gespräch freue ich mich sehr.",
        "Gerne erläutere ich Ihnen in einem Gespräch, wie ich zu Ihrem Erfolg beitragen kann.",
    ),
    spare=(
        "Gerne erzähle ich Ihnen mehr über meine Arbeit und beantworte Ihre Fragen.",
        "Vielen Dank, dass Sie sich die Zeit für meine Bewerbung nehmen.",
        "Mein Lebenslauf gibt Ihnen das vollständige Bild meiner bisherigen Stationen.",
        "In einem Gespräch erläutere ich gerne ausführlicher, was ich in jeder Position getan und gelernt habe.",
        "Ich arbeite sorgfältig und würde diese Sorgfalt auch in die neue Aufgabe einbringen.",
        "Ich freue mich darauf, von Ihnen zu hören.",
    ),
    at="bei {employer}",
    in_project="im Projekt {name}",
    and_="und",
)

_FR = Phrases(
    salutation="Madame, Monsieur,",
    salutation_general="Madame, Monsieur,",
    closing="Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
    subject="Candidature au poste de {title}",
    subject_general="Candidature spontanée",
    apply=(
        "Je souhaite vous proposer ma candidature au poste de {title} chez {company}.",
        "C'est avec un grand intérêt que je postule au poste de {title} chez {company}.",
    ),
    apply_title=("Je souhaite vous proposer ma candidature au poste de {title}.",),
    apply_company=("Je souhaite vous proposer ma candidature chez {company}.",),
    apply_general=("Je souhaite vous présenter mon expérience et ma candidature.",),
    current="J'occupe actuellement le poste de {position} chez {employer}.",
    latest="Dernièrement, j'ai occupé le poste de {position} chez {employer}.",
    since="J'exerce depuis {year}.",
    requirement=(
        "Votre annonce mentionne {skills}. Voici un résultat de mon travail {where}\u00a0:",
        "Vous recherchez {skills}. Je l'ai démontré {where}\u00a0:",
        "Pour {skills}, je peux citer un résultat concret obtenu {where}\u00a0:",
    ),
    achievement=(
        "Un résultat marquant de mon expérience {where}\u00a0:",
        "Un résultat qui montre ma façon de travailler, obtenu {where}\u00a0:",
    ),
    fits=(
        "C'est ce type de travail que j'apporterais au poste de {title}.",
        "J'aimerais obtenir des résultats de ce niveau au poste de {title}.",
    ),
    fits_general=(
        "C'est ce type de travail que j'apporterais à votre équipe.",
        "J'aimerais obtenir des résultats de ce niveau au sein de votre équipe.",
    ),
    further="Mon CV témoigne aussi de {skills}, que votre annonce mentionne également.",
    tools="Parmi mes outils et compétences figurent {skills}.",
    profile="Mon profil en bref\u00a0: {summary}",
    education="Ma formation\u00a0: {education}.",
    certificates="Certifications\u00a0: {items}.",
    languages="Langues\u00a0: {items}.",
    also="Un autre résultat, obtenu {where}\u00a0:",
    motivation=(
        "Le poste de {title} chez {company} m'attire, car il prolonge directement ce que je fais de mieux.",
        "Rejoindre {company} au poste de {title} me permettrait de mettre cette expérience à profit.",
    ),
    motivation_general=(
        "Je recherche une équipe où cette expérience fera la différence.",
        "Je souhaite mettre cette expérience au service d'une équipe qui l'apprécie.",
    ),
    call=(
        "Je souhaiterais vivement échanger avec vous lors d'un entretien.",
        "Je me tiens à votre disposition pour un entretien afin de vous présenter mon parcours.",
    ),
    spare=(
        "Je vous en dirai volontiers davantage sur mon travail et répondrai à vos questions.",
        "Je vous remercie du temps que vous consacrez à ma candidature.",
        "Mon CV vous donne une vue complète de mon parcours, poste par poste.",
        "Lors d'un entretien, je pourrais détailler ce que j'ai accompli dans chaque poste et ce que j'en ai appris.",
        "Je travaille avec soin et j'apporterais la même rigueur à ce poste.",
        "Dans l'attente de votre réponse, je reste à votre disposition.",
    ),
    at="chez {employer}",
    in_project="dans le projet {name}",
    and_="et",
)

_ES = Phrases(
    salutation="Estimado equipo de selección de {company}:",
    salutation_general="Estimado equipo de selección:",
    closing="Atentamente,",
    subject="Solicitud para el puesto de {title}",
    subject_general="Candidatura",
    apply=(
        "Le escribo para presentar mi candidatura al puesto de {title} en {company}.",
        "Con mucho interés presento mi candidatura al puesto de {title} en {company}.",
    ),
    apply_title=("Le escribo para presentar mi candidatura al puesto de {title}.",),
    apply_company=("Le escribo para presentar mi candidatura en {company}.",),
    apply_general=("Le escribo para presentarle mi experiencia y mi candidatura.",),
    current="Actualmente trabajo como {position} en {employer}.",
    latest="Mi último puesto fue el de {position} en {employer}.",
    since="Trabajo en este ámbito desde {year}.",
    requirement=(
        "Su oferta menciona {skills}. Este es un resultado de mi trabajo {where}:",
        "Buscan {skills}, y lo he demostrado {where}:",
        "Sobre {skills}, puedo citar un resultado concreto {where}:",
    ),
    achievement=(
        "Un resultado destacado de mi etapa {where}:",
        "Un resultado que muestra cómo trabajo, de mi etapa {where}:",
    ),
    fits=(
        "Este es el tipo de trabajo que aportaría al puesto de {title}.",
        "Me gustaría lograr resultados así en el puesto de {title}.",
    ),
    fits_general=(
        "Este es el tipo de trabajo que aportaría a su equipo.",
        "Me gustaría lograr resultados así en su equipo.",
    ),
    further="Mi CV también refleja {skills}, que su oferta menciona.",
    tools="Entre mis herramientas y conocimientos están {skills}.",
    profile="Mi perfil en breve: {summary}",
    education="Mi formación: {education}.",
    certificates="Certificados: {items}.",
    languages="Idiomas: {items}.",
    also="Otro resultado, de mi etapa {where}:",
    motivation=(
        "El puesto de {title} en {company} me atrae porque continúa directamente lo que mejor sé hacer.",
        "Unirme a {company} como {title} me permitiría aprovechar esta experiencia.",
    ),
    motivation_general=(
        "Busco un equipo en el que esta experiencia marque la diferencia.",
        "Me gustaría aportar esta experiencia a un equipo que la valore.",
    ),
    call=(
        "Me encantaría conversar con ustedes sobre cómo puedo contribuir.",
        "Quedo a su disposición para una entrevista en la que presentarles mi trayectoria.",
    ),
    spare=(
        "Con gusto les contaré más sobre mi trabajo y responderé a sus preguntas.",
        "Gracias por dedicar su tiempo a mi candidatura.",
        "Mi CV ofrece una visión completa de mi trayectoria, puesto por puesto.",
        "En una conversación podría explicar con más detalle lo que hice en cada puesto y lo que aprendí.",
        "Trabajo con cuidado y aportaría ese mismo cuidado a este puesto.",
        "Quedo a la espera de su respuesta.",
    ),
    at="en {employer}",
    in_project="en el proyecto {name}",
    and_="y",
)

_UK = Phrases(
    salutation="Шановна командо {company}!",
    salutation_general="Шановні колеги!",
    closing="З повагою,",
    subject="Заявка на посаду «{title}»",
    subject_general="Супровідний лист",
    apply=(
        "Прошу розглянути мою кандидатуру на посаду «{title}» у компанії {company}.",
        "З великим інтересом подаю заявку на посаду «{title}» у компанії {company}.",
    ),
    apply_title=("Прошу розглянути мою кандидатуру на посаду «{title}».",),
    apply_company=("Прошу розглянути мою кандидатуру в компанії {company}.",),
    apply_general=("Хочу запропонувати вам свій досвід і свою кандидатуру.",),
    current="Моя поточна посада — {position} у компанії {employer}.",
    latest="Моя остання посада — {position} у компанії {employer}.",
    since="Мій професійний досвід починається з {year} року.",
    requirement=(
        "У вакансії ви згадуєте {skills}. Ось результат моєї роботи {where}:",
        "Ви шукаєте {skills}. Це підтверджує результат моєї роботи {where}:",
        "Щодо {skills} можу навести конкретний результат {where}:",
    ),
    achievement=(
        "Результат, яким я пишаюся, — з моєї роботи {where}:",
        "Як я працюю, добре видно з результату {where}:",
    ),
    fits=(
        "Саме такий підхід я принесу на посаду «{title}».",
        "Таких результатів я прагну досягати й на посаді «{title}».",
    ),
    fits_general=(
        "Саме такий підхід я принесу у вашу команду.",
        "Таких результатів я прагну досягати й у вашій команді.",
    ),
    further="Також у моєму резюме є {skills} — усе це ви згадуєте у вакансії.",
    tools="Серед моїх інструментів і навичок — {skills}.",
    profile="Коротко про мене: {summary}",
    education="Освіта: {education}.",
    certificates="Сертифікати: {items}.",
    languages="Мови: {items}.",
    also="Ще один результат {where}:",
    motivation=(
        "Посада «{title}» у компанії {company} приваблює мене тим, що продовжує те, що я вмію найкраще.",
        "Робота в компанії {company} на посаді «{title}» дасть змогу повністю застосувати цей досвід.",
    ),
    motivation_general=(
        "Я шукаю команду, де цей досвід матиме значення.",
        "Я хочу застосувати цей досвід у команді, яка його цінує.",
    ),
    call=(
        "Охоче обговорю на співбесіді, як можу допомогти вашій команді.",
        "Охоче розповім більше про свій досвід на співбесіді.",
    ),
    spare=(
        "Охоче розповім більше про свою роботу та відповім на ваші запитання.",
        "Дякую, що знайшли час ознайомитися з моєю кандидатурою.",
        "Моє резюме дає повну картину мого досвіду на кожній посаді.",
        "Під час розмови я можу детальніше розповісти про свою роботу на кожній посаді та про здобутий досвід.",
        "Я ретельно ставлюся до своєї роботи й так само ставитимуся до нових завдань.",
        "Чекатиму на вашу відповідь.",
    ),
    at="у компанії {employer}",
    in_project="у проєкті {name}",
    and_="та",
)

PHRASES: dict[str, Phrases] = {"en": _EN, "de": _DE, "fr": _FR, "es": _ES, "uk": _UK}


@cache
def frame_words(language: str) -> frozenset[str]:
    """Every word the letter's frames use in this language, lower-cased (the letter's own words, not facts)."""
    phrases = PHRASES[language]
    texts: list[str] = []
    for value in vars(phrases).values():
        texts += list(value) if isinstance(value, tuple) else [value]
    words = re.findall(r"[^\W\d_][\w'’-]*", re.sub(r"\{\w+\}", " ", " ".join(texts)))
    return frozenset(w.lower() for w in words) | {"i"}
