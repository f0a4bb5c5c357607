// The ATS report as a card (props from app/ats/card.py, report_card). Chainlit compiles this file in the
// browser; it uses React only, inline styles and the page's own theme colours, so it needs no network.
import { useState } from "react";

const COLOUR = { pass: "#16a34a", warn: "#d97706", fail: "#dc2626", skipped: "#9ca3af" };
const WORD = { pass: "Strong", warn: "Fair", fail: "Weak", skipped: "Skipped" };
const GROUPS = [
  ["found", "Found", "#16a34a"],
  ["missing", "Missing", "#dc2626"],
  ["nice_to_have", "Nice to have", "#d97706"],
];
const line = "hsl(var(--border))";
const muted = "hsl(var(--muted-foreground))";

function read(raw) {
  // A card reloaded from the history comes back with its props as a JSON string.
  if (typeof raw === "string") {
    try {
      return JSON.parse(raw);
    } catch (error) {
      return {};
    }
  }
  return raw || {};
}

function Bar({ category }) {
  // Three cells of the categories' grid: the names line up, and the bars take the width left.
  const colour = COLOUR[category.status] || COLOUR.skipped;
  const skipped = category.status === "skipped";
  return (
    <>
      <span title={category.summary} style={{ fontSize: "0.9rem" }}>{category.name}</span>
      <div
        role="meter"
        aria-label={category.name}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={skipped ? undefined : category.score}
        aria-valuetext={skipped ? "skipped: " + category.summary : category.score + " of 100, " + category.summary}
        title={category.summary}
        style={{ height: "0.55rem", borderRadius: "999px", background: line, overflow: "hidden" }}
      >
        <div style={{ width: (skipped ? 0 : category.score) + "%", height: "100%", background: colour, borderRadius: "999px" }} />
      </div>
      <span style={{ fontWeight: 600, textAlign: "right", color: skipped ? muted : undefined, fontSize: "0.9rem" }}>
        {skipped ? "–" : category.score}
      </span>
    </>
  );
}

function Chip({ skill, colour, open, onToggle }) {
  return (
    <button
      type="button"
      className="ats-chip"
      title={skill.evidence}
      aria-expanded={open}
      aria-label={skill.name + ": " + skill.evidence}
      onClick={onToggle}
      style={{
        display: "inline-flex", alignItems: "center", gap: "0.35rem", margin: "0.15rem 0.3rem 0.15rem 0",
        padding: "0.15rem 0.6rem", borderRadius: "999px", fontSize: "0.85rem", cursor: "pointer",
        border: "1px solid " + (open ? colour : line), background: open ? colour + "22" : "transparent",
        color: "inherit",
      }}
    >
      <span aria-hidden="true" style={{ width: "0.5rem", height: "0.5rem", borderRadius: "50%", background: colour }} />
      {skill.name}
    </button>
  );
}

function Skills({ skills }) {
  const [open, setOpen] = useState(null);
  const chosen = open && (skills[open.group] || [])[open.index];
  return (
    <section aria-label="Skills the job ad asks for" style={{ marginTop: "0.9rem" }}>
      {GROUPS.filter(([key]) => (skills[key] || []).length > 0).map(([key, label, colour]) => (
        <div key={key} style={{ margin: "0.35rem 0" }}>
          <div style={{ fontSize: "0.8rem", color: muted, marginBottom: "0.15rem" }}>
            {label} ({skills[key].length})
          </div>
          <div>
            {skills[key].map((skill, index) => {
              const here = open && open.group === key && open.index === index;
              return (
                <Chip
                  key={key + index}
                  skill={skill}
                  colour={colour}
                  open={!!here}
                  onToggle={() => setOpen(here ? null : { group: key, index })}
                />
              );
            })}
          </div>
        </div>
      ))}
      <p className="ats-evidence" aria-live="polite" style={{ minHeight: chosen ? undefined : 0, margin: chosen ? "0.4rem 0 0" : 0, fontSize: "0.85rem", color: muted }}>
        {chosen ? <span><strong style={{ color: "hsl(var(--foreground))" }}>{chosen.name}</strong> — {chosen.evidence}</span> : null}
      </p>
      {!chosen && <p style={{ margin: "0.3rem 0 0", fontSize: "0.75rem", color: muted }}>Tap a skill to see what your CV says about it.</p>}
    </section>
  );
}

function Finding({ finding }) {
  const numbers = (finding.fixes || []).map((fix) => fix.number);
  return (
    <li style={{ display: "flex", gap: "0.6rem", alignItems: "baseline", padding: "0.3rem 0", borderTop: "1px solid " + line }}>
      <span
        style={{
          flex: "0 0 auto", minWidth: "1.6rem", textAlign: "center", fontWeight: 700, fontSize: "0.85rem",
          borderRadius: "0.35rem", padding: numbers.length ? "0 0.35rem" : 0,
          background: numbers.length ? "hsl(var(--primary))" : "transparent",
          color: numbers.length ? "hsl(var(--primary-foreground))" : muted,
        }}
        aria-label={numbers.length ? "Fix " + numbers.join(", ") : undefined}
      >
        {numbers.length ? numbers.join(", ") : "•"}
      </span>
      <span style={{ fontSize: "0.9rem" }}>
        {finding.message}
        {(finding.fixes || []).map((fix) => (
          <span key={fix.number} style={{ display: "block", color: muted, fontSize: "0.85rem" }}>
            Fix {fix.number}: {fix.description}{fix.needs_confirmation ? " (asks you to confirm first)" : ""}
          </span>
        ))}
      </span>
    </li>
  );
}

export default function AtsReport() {
  const card = read(props);
  const colour = COLOUR[card.status] || COLOUR.skipped;
  const findings = card.findings || [];
  return (
    <article
      className="ats-card"
      aria-label={card.summary || "ATS report"}
      style={{ border: "1px solid " + line, borderRadius: "0.75rem", padding: "1rem 1.1rem", maxWidth: "44rem", background: "hsl(var(--card))", color: "hsl(var(--card-foreground))" }}
    >
      <header style={{ display: "flex", alignItems: "center", gap: "1rem", marginBottom: "0.6rem" }}>
        <div className="ats-score" style={{ fontSize: "2.6rem", lineHeight: 1, fontWeight: 800, color: colour }}>
          {card.score}
          <span style={{ fontSize: "1rem", fontWeight: 600, color: muted }}>/100</span>
        </div>
        <div>
          <div style={{ fontWeight: 700, color: colour }}>{WORD[card.status] || ""}</div>
          <div style={{ fontSize: "0.95rem" }}>{card.title ? "for " + card.title : "general check (no job ad)"}</div>
        </div>
      </header>
      <section
        aria-label="Scores by category"
        style={{ display: "grid", gridTemplateColumns: "max-content minmax(3rem, 1fr) 2.2rem", alignItems: "center", gap: "0.45rem 0.7rem" }}
      >
        {(card.categories || []).map((category) => <Bar key={category.name} category={category} />)}
      </section>
      {card.skills ? <Skills skills={card.skills} /> : null}
      {findings.length > 0 ? (
        <section aria-label="What to improve" style={{ marginTop: "0.9rem" }}>
          <div style={{ fontSize: "0.8rem", color: muted, marginBottom: "0.2rem" }}>
            What to improve{findings.some((f) => (f.fixes || []).length) ? " — numbered ones I can fix: press a button below, or type “apply 1” (/fix 1)" : ""}
          </div>
          <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
            {findings.map((finding, index) => <Finding key={index} finding={finding} />)}
          </ul>
          {card.more_findings ? (
            <p style={{ margin: "0.3rem 0 0", fontSize: "0.85rem", color: muted }}>… and {card.more_findings} more in the text below.</p>
          ) : null}
        </section>
      ) : null}
      {card.text ? (
        <details style={{ marginTop: "0.8rem", fontSize: "0.85rem" }}>
          <summary style={{ cursor: "pointer", color: muted }}>The report as text</summary>
          <pre style={{ whiteSpace: "pre-wrap", fontFamily: "inherit", margin: "0.4rem 0 0" }}>{card.text}</pre>
        </details>
      ) : null}
    </article>
  );
}
