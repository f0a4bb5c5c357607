"""The interview's steps (each one a question waiting for an answer) and how they connect."""

from __future__ import annotations

from enum import StrEnum


class Step(StrEnum):
    """A question waiting for an answer. The values are stored in `conversations.state`: never rename them."""

    NAME = "name"
    CONTACT = "contact"
    EMAIL = "contact_email"
    PHONE = "contact_phone"
    LOCATION = "location"
    HEADLINE = "headline"
    SUMMARY = "summary"
    JOB = "job_title"
    NEXT_JOB = "next_job_title"
    JOB_COMPANY = "job_company"
    JOB_DATES = "job_dates"
    JOB_END = "job_end"
    JOB_BULLETS = "job_bullets"
    MORE_JOBS = "job_more"
    SCHOOL = "edu_school"
    NEXT_SCHOOL = "next_edu_school"
    DEGREE = "edu_degree"
    EDU_DATES = "edu_dates"
    MORE_SCHOOLS = "edu_more"
    SKILLS = "skills"
    LANGUAGES = "languages"
    PROJECT = "project_name"
    NEXT_PROJECT = "next_project_name"
    PROJECT_DESCRIPTION = "project_description"
    MORE_PROJECTS = "project_more"


# The CV section each step fills: leaving a section ends a detour ("add a job" outside the interview).
SECTION_OF: dict[Step, str] = {
    **dict.fromkeys(
        (Step.NAME, Step.CONTACT, Step.EMAIL, Step.PHONE, Step.LOCATION, Step.HEADLINE, Step.SUMMARY), "basics"
    ),
    **dict.fromkeys(
        (Step.JOB, Step.NEXT_JOB, Step.JOB_COMPANY, Step.JOB_DATES, Step.JOB_END, Step.JOB_BULLETS, Step.MORE_JOBS),
        "work",
    ),
    **dict.fromkeys((Step.SCHOOL, Step.NEXT_SCHOOL, Step.DEGREE, Step.EDU_DATES, Step.MORE_SCHOOLS), "education"),
    Step.SKILLS: "skills",
    Step.LANGUAGES: "languages",
    **dict.fromkeys((Step.PROJECT, Step.NEXT_PROJECT, Step.PROJECT_DESCRIPTION, Step.MORE_PROJECTS), "projects"),
}
# Where each list starts (first entry, further entries) — also where "add a job" enters.
LOOP_START: dict[str, tuple[Step, Step]] = {
    "work": (Step.JOB, Step.NEXT_JOB),
    "education": (Step.SCHOOL, Step.NEXT_SCHOOL),
    "projects": (Step.PROJECT, Step.NEXT_PROJECT),
}
ENTRY_STARTS = frozenset(step for pair in LOOP_START.values() for step in pair)
# The step after each list: where a "no" to "another one?" goes.
AFTER_LOOP: dict[str, Step | None] = {"work": Step.SCHOOL, "education": Step.SKILLS, "projects": None}
# Where /skip goes from each step (None: the interview is complete).
SKIP_TO: dict[Step, Step | None] = {
    Step.NAME: Step.CONTACT,
    Step.CONTACT: Step.LOCATION,
    Step.EMAIL: Step.LOCATION,
    Step.PHONE: Step.LOCATION,
    Step.LOCATION: Step.HEADLINE,
    Step.HEADLINE: Step.SUMMARY,
    Step.SUMMARY: Step.JOB,
    Step.JOB: Step.SCHOOL,
    Step.NEXT_JOB: Step.SCHOOL,
    Step.JOB_COMPANY: Step.JOB_DATES,
    Step.JOB_DATES: Step.JOB_BULLETS,
    Step.JOB_END: Step.JOB_BULLETS,
    Step.JOB_BULLETS: Step.MORE_JOBS,
    Step.MORE_JOBS: Step.SCHOOL,
    Step.SCHOOL: Step.SKILLS,
    Step.NEXT_SCHOOL: Step.SKILLS,
    Step.DEGREE: Step.EDU_DATES,
    Step.EDU_DATES: Step.MORE_SCHOOLS,
    Step.MORE_SCHOOLS: Step.SKILLS,
    Step.SKILLS: Step.LANGUAGES,
    Step.LANGUAGES: Step.PROJECT,
    Step.PROJECT: None,
    Step.NEXT_PROJECT: None,
    Step.PROJECT_DESCRIPTION: Step.MORE_PROJECTS,
    Step.MORE_PROJECTS: None,
}
# Where /done goes: it ends the list being filled (bullets, or the jobs / schools / projects).
DONE_TO: dict[Step, Step | None] = {
    Step.JOB_BULLETS: Step.MORE_JOBS,
    Step.NEXT_JOB: Step.SCHOOL,
    Step.MORE_JOBS: Step.SCHOOL,
    Step.NEXT_SCHOOL: Step.SKILLS,
    Step.MORE_SCHOOLS: Step.SKILLS,
    Step.NEXT_PROJECT: None,
    Step.MORE_PROJECTS: None,
}
# The contact field a step asks for: "my email is ..." while it is asked is the answer, not a correction.
ASKS_FOR: dict[Step, frozenset[str]] = {
    Step.NAME: frozenset({"name"}),
    Step.CONTACT: frozenset({"email", "phone"}),
    Step.EMAIL: frozenset({"email"}),
    Step.PHONE: frozenset({"phone"}),
    Step.LOCATION: frozenset({"location", "city", "country"}),
    Step.HEADLINE: frozenset({"label", "title"}),
    Step.SUMMARY: frozenset({"summary"}),
}


def as_step(value: str | None) -> Step | None:
    """The stored step, or None when there is none (or it is from an older version that no longer exists)."""
    try:
        return Step(value) if value else None
    except ValueError:
        return None
