// LEAD Ops: the screening engine's port for the device, used while offline.
// The rules live in referrals/eligibility.py; this is a line-by-line port of
// `evaluate` and `headline`, proven to agree with it by the parity test
// (referrals/tests/test_eligibility_parity.py, Hypothesis cases run under Node).
// Its result is advisory: the server screens again when the referral is sent.
//
// Input is plain data (referrals/selectors/offline.py): dates "YYYY-MM-DD",
// quantities as decimal strings, criteria as the protocol version's rows.
(function (root) {
  "use strict";

  const STATUS_TEXT = {
    eligible: "Eligible",
    not_eligible: "Not eligible",
    sergeant_decision: "Sergeant decision needed",
    incomplete: "Answers missing",
  };
  const DECIDING = { not_eligible: "fail", sergeant_decision: "overridable", incomplete: "unanswered" };

  // --- decimals: exact, as Python's Decimal (no binary floating point) ---------
  function parseDecimal(text) {
    const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(String(text).trim());
    if (!match || (match[2] === "" && !match[3])) throw new Error(`not a decimal: ${text}`);
    const fraction = match[3] || "";
    return { negative: match[1] === "-", digits: BigInt((match[2] || "0") + fraction), scale: fraction.length };
  }
  function scaled(value, scale) {
    const digits = value.digits * 10n ** BigInt(scale - value.scale);
    return value.negative ? -digits : digits;
  }
  function compareDecimals(a, b) {
    const x = parseDecimal(a);
    const y = parseDecimal(b);
    const scale = Math.max(x.scale, y.scale);
    const left = scaled(x, scale);
    const right = scaled(y, scale);
    return left < right ? -1 : left > right ? 1 : 0;
  }
  // f"{Decimal(q).normalize():f}": no trailing zeros, no exponent.
  function grams(text) {
    const value = parseDecimal(text);
    let digits = value.digits.toString().padStart(value.scale + 1, "0");
    let whole = digits.slice(0, digits.length - value.scale);
    let fraction = digits.slice(digits.length - value.scale).replace(/0+$/, "");
    whole = whole.replace(/^0+(?=\d)/, "");
    const sign = value.negative ? "-" : "";
    return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
  }

  // --- days and calendar months, as dateutil's relativedelta counts them ------
  function parseDay(text) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!match) return null;
    const day = { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
    if (day.m < 1 || day.m > 12 || day.d < 1 || day.d > daysInMonth(day.y, day.m)) return null;
    return day;
  }
  function daysInMonth(year, month) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  }
  function ordinal(day) {
    return Date.UTC(day.y, day.m - 1, day.d) / 86400000;
  }
  function compareDays(a, b) {
    return ordinal(a) - ordinal(b);
  }
  function addMonths(day, months) {
    const total = day.y * 12 + (day.m - 1) + months;
    const year = Math.floor(total / 12);
    const month = total - year * 12 + 1;
    return { y: year, m: month, d: Math.min(day.d, daysInMonth(year, month)) };
  }
  // _elapsed(since, until): relativedelta(until, since) in months and days.
  function elapsed(since, until) {
    let months = (until.y - since.y) * 12 + (until.m - since.m);
    let landed = addMonths(since, months);
    const backwards = compareDays(until, since) < 0;
    const overshot = () => (backwards ? compareDays(until, landed) > 0 : compareDays(until, landed) < 0);
    while (overshot()) {
      months += backwards ? 1 : -1;
      landed = addMonths(since, months);
    }
    return [months, ordinal(until) - ordinal(landed)];
  }
  function ageOn(born, day) {
    return Math.floor(elapsed(born, day)[0] / 12);
  }
  function withinMonths(earlier, later, months) {
    if (compareDays(earlier, later) > 0) return true;
    const [elapsedMonths, days] = elapsed(earlier, later);
    return elapsedMonths < months || (elapsedMonths === months && days <= 0);
  }
  function isoDay(day) {
    const pad = (n, width) => String(n).padStart(width, "0");
    return `${pad(day.y, 4)}-${pad(day.m, 2)}-${pad(day.d, 2)}`;
  }

  // --- the criteria -------------------------------------------------------------
  function appliesTo(criterion, route, agency) {
    return (
      (!criterion.routes.length || criterion.routes.includes(route)) &&
      (!criterion.agencies.length || criterion.agencies.includes(agency))
    );
  }
  function offensesFor(criterion, agency) {
    const scoped = new Map(criterion.offense_agencies);
    return criterion.offenses.filter((code) => !scoped.has(code) || scoped.get(code).includes(agency));
  }
  const byCode = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

  function offenseAllowed(criterion, answers) {
    if (!answers.offenses.length) return ["unanswered", "No offense chosen."];
    const allowed = new Set(offensesFor(criterion, answers.agency));
    const outside = [...new Set(answers.offenses)].filter((code) => !allowed.has(code)).sort(byCode);
    if (outside.length) return ["fail", `Not an offense this route allows: ${outside.join(", ")}.`];
    return ["pass", "Every offense is one this route allows."];
  }
  function quantityLimit(criterion, answers) {
    if (answers.drug_offense && !answers.drug_type) return ["unanswered", "Drug not named for a drug offense."];
    if (answers.drug_type && criterion.exempt_drug_types.includes(answers.drug_type)) {
      return ["pass", `The limit does not apply to ${answers.drug_type}.`];
    }
    if (answers.quantity_grams === null) {
      if (!answers.drug_type) return ["pass", "No drug involved."];
      return ["unanswered", "Quantity not given."];
    }
    const quantity = grams(answers.quantity_grams);
    const limit = grams(criterion.limit_grams);
    if (compareDecimals(answers.quantity_grams, criterion.limit_grams) > 0) {
      return ["fail", `${quantity} g is over the ${limit} g limit.`];
    }
    return ["pass", `${quantity} g is within the ${limit} g limit.`];
  }
  function exclusion(criterion, answers) {
    const applies = Object.prototype.hasOwnProperty.call(answers.exclusions, criterion.code)
      ? answers.exclusions[criterion.code]
      : null;
    if (applies === null || applies === undefined) {
      return ["unanswered", `Not answered: ${criterion.question || criterion.wording}`];
    }
    if (applies) return ["fail", "The officer answered yes."];
    return ["pass", "The officer answered no."];
  }
  function minimumAge(criterion, answers) {
    const born = parseDay(answers.date_of_birth);
    if (born === null) return ["unanswered", "Date of birth not given."];
    const age = ageOn(born, parseDay(answers.contact_date));
    if (age < criterion.minimum_age) {
      return ["fail", `Aged ${age} on the day of contact; the minimum is ${criterion.minimum_age}.`];
    }
    return ["pass", `Aged ${age} on the day of contact.`];
  }
  function priorActivity(criterion, answers) {
    const seen = parseDay(answers.prior_activity_date);
    if (seen === null || answers.prior_activity_in_area === null) return ["unanswered", "Prior activity not verified."];
    if (!answers.prior_activity_in_area) return ["fail", "The prior activity was outside the LEAD area."];
    const contact = parseDay(answers.contact_date);
    if (compareDays(seen, contact) > 0) {
      return ["unanswered", "The verified activity must be on or before the day of contact."];
    }
    if (!withinMonths(seen, contact, criterion.lookback_months)) {
      return [
        "fail",
        `Verified activity on ${isoDay(seen)} is more than ${criterion.lookback_months} months before the contact on ${isoDay(contact)}.`,
      ];
    }
    return ["pass", `Verified activity on ${isoDay(seen)}, inside the LEAD area.`];
  }
  const CHECKS = {
    offense_allowed: offenseAllowed,
    quantity_limit: quantityLimit,
    exclusion: exclusion,
    minimum_age: minimumAge,
    prior_activity_lookback: priorActivity,
  };

  function finding(criterion, outcome) {
    let question;
    let answer;
    if (criterion.kind === "exclusion") {
      question = criterion.wording;
      answer = { pass: "no", fail: "yes", overridable: "yes" }[outcome];
    } else {
      question = {
        offense_allowed: () => "Every offense one LEAD covers",
        quantity_limit: () => `Within the ${grams(criterion.limit_grams || "0")} g limit`,
        minimum_age: () => `Aged ${criterion.minimum_age} or over on the day of contact`,
        prior_activity_lookback: () =>
          `Verified activity inside the LEAD area within ${criterion.lookback_months} months`,
      }[criterion.kind]();
      answer = { pass: "yes", fail: "no", overridable: "no" }[outcome];
    }
    if (answer === undefined) return `${question}: not answered`;
    if (outcome === "overridable") return `${question}: ${answer} (a sergeant may still approve)`;
    return `${question}: ${answer}`;
  }

  function headline(status, results) {
    const wanted = DECIDING[status];
    const reasons = results.filter((r) => wanted && r.outcome === wanted).map((r) => r.wording);
    return reasons.length ? `${STATUS_TEXT[status]}: ${reasons.join("; ")}` : STATUS_TEXT[status];
  }

  function evaluate(answers, criteria) {
    const applicable = criteria
      .filter((c) => appliesTo(c, answers.route, answers.agency))
      .sort((a, b) => byCode(a.code, b.code));
    const results = applicable.map((criterion) => {
      let [outcome, explanation] = CHECKS[criterion.kind](criterion, answers);
      if (outcome === "fail" && criterion.sergeant_may_override) outcome = "overridable";
      return {
        code: criterion.code,
        kind: criterion.kind,
        wording: criterion.wording,
        outcome: outcome,
        explanation: explanation,
        finding: finding(criterion, outcome),
      };
    });
    const outcomes = new Set(results.map((r) => r.outcome));
    let status = "eligible";
    if (outcomes.has("fail")) status = "not_eligible";
    else if (outcomes.has("unanswered")) status = "incomplete";
    else if (outcomes.has("overridable")) status = "sergeant_decision";
    return { status: status, headline: headline(status, results), results: results };
  }

  const engine = { evaluate: evaluate, headline: headline, parseDay: parseDay };
  if (typeof module === "object" && module.exports) module.exports = engine;
  else root.LeadEligibility = engine;
})(typeof self !== "undefined" ? self : this);
