"""What the guided interview says: one place for every question, re-ask, confirmation and hint."""

from __future__ import annotations

from app.assistant.guided.steps import Step

START = (
    "Let's build your CV. It takes about ten minutes; you can stop at any time and /show what we have — "
    "every answer is saved as you go. What is your full name?"
)
QUESTIONS: dict[Step, str] = {
    Step.NAME: "What is your full name?",
    Step.CONTACT: "Your email and phone? (e.g. maria@example.com, +48 600 123 456)",
    Step.EMAIL: "And your email address? (/skip if you'd rather not put one on the CV)",
    Step.PHONE: "And your phone number, with the country code? (/skip to leave it out)",
    Step.LOCATION: "Where are you based? (city, country — e.g. Warsaw, Poland; or /skip)",
    Step.HEADLINE: "Your professional headline — the title recruiters should see? (e.g. Backend Engineer; or /skip)",
    Step.SUMMARY: (
        "In two or three sentences, who are you professionally — experience, strengths, what you're looking for? "
        "(/skip to write it later)"
    ),
    Step.JOB: "Your most recent job: title and company? (e.g. Staff Engineer at PayFlow GmbH; /skip if none)",
    Step.NEXT_JOB: "The job before that: title and company? (/done if that was all)",
    Step.JOB_COMPANY: "And the company's name?",
    Step.JOB_DATES: "When did you start (month and year), and is it your current job? (e.g. march 2021, still there)",
    Step.JOB_END: "Are you still working there? If not, when did you leave? (e.g. June 2023)",
    Step.JOB_BULLETS: "What did you achieve there? One result per message — numbers help (/done when finished).",
    Step.MORE_JOBS: "Another job before this one? (yes/no)",
    Step.SCHOOL: "Your education: the school or university? (/skip if you'd rather leave it out)",
    Step.NEXT_SCHOOL: "The next school or university? (/done if that was all)",
    Step.DEGREE: "Degree and field of study? (e.g. MSc Computer Science)",
    Step.EDU_DATES: "When did you study there? (e.g. 2010 – 2015)",
    Step.MORE_SCHOOLS: "Another degree or school? (yes/no)",
    Step.SKILLS: "Your key skills, separated by commas? (e.g. Python, PostgreSQL, stakeholder management)",
    Step.LANGUAGES: "Which languages do you speak, and how well? (e.g. English C1, German B2, Polish native)",
    Step.PROJECT: "Last one: a project worth showing — its name? (/skip if none)",
    Step.NEXT_PROJECT: "The next project's name? (/done if that was all)",
    Step.PROJECT_DESCRIPTION: "In one sentence: what is it, and what was your part?",
    Step.MORE_PROJECTS: "Another project? (yes/no)",
}
# Asked instead when one section is filled on request ("add a job") rather than in the interview's order.
DETOUR_QUESTIONS: dict[Step, str] = {
    Step.JOB: "Which job should I add? Title and company, please (e.g. Data Analyst at Acme).",
    Step.NEXT_JOB: "Which job should I add next? Title and company (/done if that was all).",
    Step.MORE_JOBS: "Another job to add? (yes/no)",
    Step.SCHOOL: "Which school or university should I add?",
    Step.NEXT_SCHOOL: "Which school or university next? (/done if that was all)",
    Step.MORE_SCHOOLS: "Another school or degree to add? (yes/no)",
    Step.PROJECT: "Which project should I add — its name?",
    Step.NEXT_PROJECT: "Which project next? (/done if that was all)",
    Step.MORE_PROJECTS: "Another project to add? (yes/no)",
}
REASK: dict[Step, str] = {
    Step.NAME: "That doesn't look like a name. What is your full name? (e.g. Maria Kowalska)",
    Step.CONTACT: "I couldn't find an email or a phone number there. Your email and phone? (or /skip)",
    Step.EMAIL: "I couldn't find an email address there (e.g. maria@example.com). Try again, or /skip.",
    Step.PHONE: "I couldn't find a phone number there (e.g. +48 600 123 456). Try again, or /skip.",
    Step.LOCATION: "I didn't catch the place. Which city and country? (e.g. Warsaw, Poland; or /skip)",
    Step.JOB: "I need at least the job title (e.g. Staff Engineer at PayFlow GmbH), or /skip.",
    Step.JOB_DATES: "I need at least the start — month and year, e.g. 'march 2021, still there' or '2017 – 2021'.",
    Step.JOB_END: "Just 'still there', or the month and year you left (e.g. June 2023).",
    Step.JOB_BULLETS: "That's a bit short for an achievement. What did you do, and what came of it? (/done)",
    Step.EDU_DATES: "When did you study there? A year range works, e.g. 2010 – 2015 (or /skip).",
    Step.SKILLS: "Which skills? Separate them with commas, e.g. Python, SQL, negotiation (or /skip).",
    Step.LANGUAGES: "Which languages? e.g. English C1, German B2 (or /skip).",
}
# After a correction, the pending question again — shorter where the full one was just asked.
AFTER_CHANGE: dict[Step, str] = {
    Step.JOB_BULLETS: "Back to that job: your next achievement, or /done.",
    Step.MORE_JOBS: "Back to the jobs: another one before this? (yes/no)",
}
YES_NO = "Just yes or no, please."
BAD_EMAIL = "'{value}' doesn't look like a complete email address (e.g. maria@example.com)."
NOTHING_TO_FINISH = "Nothing to finish here — answer the question, or /skip it."
INTERVIEW_DONE = "That's the whole interview — nicely done."
DETOUR_DONE = "Done."
NEXT_STEPS = (
    'You can keep adding: "add certificate AWS Solutions Architect, Amazon, 2023", "add award …", '
    '"add volunteering …", "add interests: chess, climbing" — or change anything, e.g. "change the end date of '
    'job 2 to June 2023".'
)
OFFLINE_HELP = (
    "I'm the offline guided mode: I build your CV step by step, without an AI model. /new starts a CV, "
    '/show shows it, /help lists the commands — or tell me what to change, e.g. "change my phone to '
    '+48 600 123 456", "remove the second job", "add skills: Kafka, Redis", "move job 2 to the top", '
    '"add a job"; after /ats, "apply all" or "apply fixes 1 and 3".'
)
NOT_UNDERSTOOD = (
    "I couldn't tell what to change from that, so nothing was changed. Say it the way you would to a friend, e.g. "
    '"I left Monzo in August 2025", "remove Kafka from my skills", "my Spanish is C1 now", or /help for more.'
)
PART_NOT_UNDERSTOOD = (
    "I understood part of that but not {parts}, so nothing was changed yet. Send the changes one at a time."
)
PAUSED_HINT = "Your interview is paused — /continue picks it up where we stopped."
NO_CV = (
    "There is no CV yet. Type /new to build one step by step, or send your CV (PDF, Word, LinkedIn export, JSON "
    "Resume or pasted text) to import it."
)
ONLINE_NEW = (
    "New CV started. Tell me about your most recent job — title, company, when you started — in your own words."
)
CANCELLED = "Stopped the interview; everything so far is saved. /continue picks it up again, /show shows the CV."
NOT_INTERVIEWING = "There's no interview running. /new starts a CV step by step; /continue resumes the last one."
OTHER_CV = (
    "The interview was for another CV, and a different one is open now. /continue picks the interview up on this "
    "CV, /cvs lists your CVs."
)
ALL_ANSWERED = "Every part of the interview is answered."


def question(step: Step, detour: bool = False) -> str:
    """The question for `step`; a section filled on request asks in its own words."""
    return (DETOUR_QUESTIONS.get(step) if detour else None) or QUESTIONS[step]
