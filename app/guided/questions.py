"""What the guided interview says: one place for every question, confirmation and hint."""

from __future__ import annotations

START = (
    "Let's build your CV. It takes about ten minutes; you can stop at any time and /show what we have, "
    "and every answer is saved as you go. What is your full name?"
)
QUESTIONS = {
    "name": "What is your full name?",
    "contact": "Your email and phone? (e.g. maria@example.com, +48 600 123 456)",
    "contact_email": "And your email address? (/skip if you'd rather not put one on the CV)",
    "contact_phone": "And your phone number, with the country code? (/skip to leave it out)",
    "location": "Where are you based? (city, country — e.g. Warsaw, Poland; or /skip)",
    "headline": "Your professional headline — the title you want recruiters to see? (e.g. Backend Engineer; or /skip)",
    "summary": (
        "In two or three sentences, who are you professionally — experience, strengths, what you're looking for? "
        "(/skip to write it later)"
    ),
    "job_title": "Your most recent job: title and company? (e.g. Staff Engineer at PayFlow GmbH; /skip if none)",
    "job_title_next": "The job before that: title and company?",
    "job_company": "And the company's name?",
    "job_dates": "When did you start (month and year), and is it your current job? (e.g. march 2021, still there)",
    "job_bullets": "What did you achieve there? One result per message — numbers help (/done when finished).",
    "job_more": "Another job before this one? (yes/no)",
    "edu_school": "Your education: the school or university? (/skip if you'd rather leave it out)",
    "edu_school_next": "The next school or university?",
    "edu_degree": "Degree and field of study? (e.g. MSc Computer Science)",
    "edu_dates": "When did you study there? (e.g. 2010 – 2015)",
    "edu_more": "Another degree or school? (yes/no)",
    "skills": "Your key skills, separated by commas? (e.g. Python, PostgreSQL, stakeholder management)",
    "languages": "Which languages do you speak, and how well? (e.g. English C1, German B2, Polish native)",
    "project_name": "Any project worth showing — its name? (/skip if not)",
    "project_description": "In one sentence: what is it, and what was your part?",
    "project_more": "Another project? (yes/no)",
}
REASK = {
    "name": "That doesn't look like a name. What is your full name? (e.g. Maria Kowalska)",
    "contact": "I couldn't find an email or a phone number there. Your email and phone? (or /skip)",
    "contact_email": "That isn't an email address I can use (e.g. maria@example.com). Try again, or /skip.",
    "contact_phone": "I couldn't find a phone number there (e.g. +48 600 123 456). Try again, or /skip.",
    "job_dates": "I need at least the start — month and year, e.g. 'march 2021, still there' or '2017 – 2021'.",
    "edu_dates": "When did you study there? A year range works, e.g. 2010 – 2015 (or /skip).",
    "yes_no": "Just yes or no, please.",
}
OFFLINE_HELP = (
    "I'm the offline guided mode: I build your CV step by step without any AI model. Type /new to start, "
    '/show to see the CV, /help for all commands — or tell me what to change, e.g. "change my phone to '
    '+48 600 123 456", "remove the second job", "add skills: Kafka, Redis". '
    "(For free conversation, the server can be configured with OPENAI_API_KEY or ANTHROPIC_API_KEY.)"
)
NO_CV = "There is no CV yet. Type /new to build one step by step, or send a JSON Resume file to import it."
ONLINE_NEW = (
    "New CV started. Tell me about your most recent job — title, company, when you started — in your own words."
)
CANCELLED = "Stopped the interview; everything so far is saved. /continue picks it up again, /show shows the CV."
NOT_INTERVIEWING = "There's no interview running. /new starts one; /continue resumes the last one."
