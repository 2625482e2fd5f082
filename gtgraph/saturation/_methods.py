"""A methods paragraph and table a student can adapt, from a saturation report."""

from __future__ import annotations

from gtgraph.saturation._flags import plural, unit_list
from gtgraph.saturation._markdown import table
from gtgraph.saturation._phrases import band_at, sensitivity_cells, summary_range
from gtgraph.saturation._report import ELEMENT_NAMES, UNIT_NAMES, SaturationReport

__all__ = ["REFERENCES", "methods_text"]

#: Up to this many units are named one by one.
_LISTED = 12

#: The works the paragraph cites, keyed by their short citation.
REFERENCES: dict[str, str] = {
    "Chao 1987": (
        "Chao, A. (1987). Estimating the population size for capture-recapture data "
        "with unequal catchability. *Biometrics* 43, 783-791. "
        "https://doi.org/10.2307/2531532"
    ),
    "Chao et al. 2014": (
        "Chao, A., Gotelli, N. J., Hsieh, T. C., Sander, E. L., Ma, K. H., Colwell, "
        "R. K. & Ellison, A. M. (2014). Rarefaction and extrapolation with Hill "
        "numbers. *Ecological Monographs* 84, 45-67. https://doi.org/10.1890/13-0133.1"
    ),
    "Francis et al. 2010": (
        "Francis, J. J. et al. (2010). What is an adequate sample size? "
        "Operationalising data saturation for theory-based interview studies. "
        "*Psychology & Health* 25(10), 1229-1245. "
        "https://doi.org/10.1080/08870440903194015"
    ),
    "Fugard & Potts 2015": (
        "Fugard, A. J. B. & Potts, H. W. W. (2015). Supporting thinking on sample "
        "sizes for thematic analyses: a quantitative tool. *International Journal "
        "of Social Research Methodology* 18(6), 669-684. "
        "https://doi.org/10.1080/13645579.2015.1005453"
    ),
    "Guest et al. 2020": (
        "Guest, G., Namey, E. & Chen, M. (2020). A simple method to assess and "
        "report thematic saturation in qualitative research. *PLoS ONE* 15(5), "
        "e0232076. https://doi.org/10.1371/journal.pone.0232076"
    ),
    "Hennink et al. 2017": (
        "Hennink, M. M., Kaiser, B. N. & Marconi, V. C. (2017). Code saturation "
        "versus meaning saturation: how many interviews are enough? *Qualitative "
        "Health Research* 27(4), 591-608. https://doi.org/10.1177/1049732316665344"
    ),
    "Hsieh et al. 2016": (
        "Hsieh, T. C., Ma, K. H. & Chao, A. (2016). iNEXT: an R package for "
        "rarefaction and extrapolation of species diversity (Hill numbers). "
        "*Methods in Ecology and Evolution* 7, 1451-1456. "
        "https://doi.org/10.1111/2041-210X.12613"
    ),
    "Lowe et al. 2018": (
        "Lowe, A., Norris, A. C., Farris, A. J. & Babbage, D. R. (2018). "
        "Quantifying thematic saturation in qualitative data analysis. *Field "
        "Methods* 30(3), 191-207. https://doi.org/10.1177/1525822X17749386"
    ),
    "Malterud et al. 2016": (
        "Malterud, K., Siersma, V. D. & Guassora, A. D. (2016). Sample size in "
        "qualitative interview studies: guided by information power. *Qualitative "
        "Health Research* 26(13), 1753-1760. https://doi.org/10.1177/1049732315617444"
    ),
    "O'Brien et al. 2014": (
        "O'Brien, B. C., Harris, I. B., Beckman, T. J., Reed, D. A. & Cook, D. A. "
        "(2014). Standards for reporting qualitative research: a synthesis of "
        "recommendations. *Academic Medicine* 89(9), 1245-1251. "
        "https://doi.org/10.1097/ACM.0000000000000388"
    ),
    "Tong et al. 2007": (
        "Tong, A., Sainsbury, P. & Craig, J. (2007). Consolidated criteria for "
        "reporting qualitative research (COREQ): a 32-item checklist for interviews "
        "and focus groups. *International Journal for Quality in Health Care* "
        "19(6), 349-357. https://doi.org/10.1093/intqhc/mzm042"
    ),
}


def _rules(r: SaturationReport) -> list[str]:
    things, thing = ELEMENT_NAMES[r.level]
    units, unit = UNIT_NAMES[r.by]
    g, f = r.guest, r.francis
    out = [
        (
            f"Following Guest et al. (2020), we used a base of {g.base} {units}, "
            f"runs of {g.run} and a new-information threshold of {g.threshold:.0%}."
        )
    ]
    if g.reason:
        out.append(f"The rule could not be applied: it {g.reason}.")
    elif g.saturated:
        first = g.runs[-1]
        sentence = (
            f"The threshold was first met at {g.label} ({units} {first.start}-"
            f"{first.end} added {plural(first.new, 'new ' + thing, 'new ' + things)}, "
            f"{first.ratio:.1%} of the {g.base_codes} in the base)"
        )
        if g.new_after:
            where = unit_list(r.units, g.new_after_units, r.new_per_unit)
            sentence += (
                f", but {plural(g.new_after, 'further ' + thing, 'further ' + things)} "
                f"arrived after it ({where})"
            )
        out.append(sentence + ".")
    if g.last_run is not None:
        last = g.last_run
        meets = "within" if g.holds_at_end else "above"
        out.append(
            f"The last run ({units} {last.start}-{last.end}) added "
            f"{plural(last.new, 'new ' + thing, 'new ' + things)} ({last.ratio:.1%}), "
            f"{meets} the threshold."
        )
    applied = [s for s in r.sensitivity if s.rule == "guest" and not s.reason]
    if applied:
        met = sum(s.saturated for s in applied)
        held = sum(bool(s.saturated and s.holds_at_end) for s in applied)
        bases = sorted({s.base for s in applied if s.base is not None})
        runs = sorted({s.run for s in applied if s.run is not None})
        thresholds = sorted({s.threshold for s in applied if s.threshold is not None})
        out.append(
            f"Across {len(applied)} settings (base {', '.join(map(str, bases))}; run "
            f"{', '.join(map(str, runs))}; threshold "
            f"{', '.join(f'{t:.0%}' for t in thresholds)}) the threshold was met in "
            f"{met} and still held at the last {unit} in {held or 'none'} (Table 1)."
        )
    if f.reason:
        out.append(
            f"The {f.initial}+{f.stop} stopping criterion of Francis et al. (2010) "
            f"could not be applied ({f.reason})."
        )
    elif f.saturated:
        out.append(
            f"By the {f.initial}+{f.stop} criterion of Francis et al. (2010), "
            f"{f.stop} {units} in a row added no new {thing} by {unit} {f.point}"
            + (f", though {f.new_after} arrived later." if f.new_after else ".")
        )
    else:
        out.append(
            f"The {f.initial}+{f.stop} criterion of Francis et al. (2010) was not met."
        )
    d = r.permuted.guest if r.permuted is not None else None
    if d is not None and not d.reason and d.median is not None and r.permuted:
        out.append(
            f"Over {r.permuted.permutations:,} random orders of the {units} (seed "
            f"{r.seed}) the Guest point had a median of {d.median:.0f} (interquartile "
            f"range {d.q1 or 0:.0f}-{'not reached' if d.q3 is None else f'{d.q3:.0f}'}) "
            f"and was never met in {d.never:.1%} of orders."
        )
    return out


def _estimates(r: SaturationReport) -> list[str]:
    things, _ = ELEMENT_NAMES[r.level]
    units, unit = UNIT_NAMES[r.by]
    chao = r.estimates.get("Chao2")
    out: list[str] = []
    if chao is None or not r.observed:
        return out
    ci = (
        f"; 95% confidence interval {chao.ci_low:.1f}-{chao.ci_high:.1f}"
        if chao.ci_low is not None and chao.ci_high is not None
        else ""
    )
    span = summary_range(r)
    others = f"; the other estimators gave {span[0]:.1f}-{span[1]:.1f}" if span else ""
    left_out = [k.split(":", 1)[1] for k in r.flags if k.startswith("estimate:")]
    if left_out:
        others += (
            f" ({', '.join(left_out)} fell below the observed count and was left out)"
        )
    out.append(
        f"Treating {things} as species and {units} as sampling units (Chao 1987; "
        f"Chao et al. 2014), the estimated total was {chao.value:.1f} {things} "
        f"(Chao2{ci}){others}."
    )
    boot = (
        f" {r.replicates} bootstrap replicates, drawn as iNEXT draws them (Hsieh et "
        f"al. 2016; seed {r.seed})"
        if r.replicates
        else ""
    )
    share = r.share_observed
    if share is not None and share.value is not None:
        bounds = (
            f" (95% interval {share.low:.0%}-{share.high:.0%})"
            if share.low is not None and share.high is not None and r.replicates
            else ""
        )
        out.append(
            f"The {r.observed} {things} observed are thus about {share.value:.0%}"
            f"{bounds} of the estimated total, the degree of saturation in the sense "
            "of Lowe et al. (2018), here with the total estimated by Chao2."
        )
    at_end = band_at(r, float(len(r.units)))
    if r.coverage is not None and "coverage" not in r.flags:
        cov = (
            f" (95% interval {at_end.coverage_low:.3f}-{at_end.coverage_high:.3f})"
            if at_end is not None and r.replicates
            else ""
        )
        needed = r.sources_needed
        more = ""
        if needed is not None and needed.value is not None:
            more = (
                f"; {r.target_coverage:.0%} coverage would need about "
                f"{needed.value:.1f} {units} in total"
                + (
                    f" (95% interval {needed.low:.1f}-{needed.high:.1f})"
                    if needed.low is not None and needed.high is not None
                    else ""
                )
            )
        out.append(f"Sample coverage was {r.coverage:.3f}{cov}{more}.")
    if boot:
        out.append(
            "The intervals of coverage, the share found and the sources needed come "
            f"from{boot}."
        )
    if r.detectable_prevalence is not None:
        out.append(
            f"With {len(r.units)} {units}, a {ELEMENT_NAMES[r.level][1]} held by at "
            f"least {r.detectable_prevalence:.1%} of the population had an 80% chance "
            f"of being seen in at least one {unit} (Fugard & Potts 2015)."
        )
    return out


def _history(r: SaturationReport) -> list[str]:
    h = r.history
    if not h.available:
        return []
    names = {
        "code": "code",
        "category": "category",
        "property": "property",
        "dimension": "dimension",
        "relationship": "relationship",
    }
    parts = []
    for level, name in names.items():
        last = h.last_new(level)
        if last is not None:
            parts.append(f"the last new {name} while analysing {h.units[last - 1]}")
    if not parts:
        return []
    outside = sum(h.outside.values())
    note = (
        f" ({outside} concepts were created while no source was being analysed "
        "and are not placed)"
        if outside
        else ""
    )
    return [
        "The project's history records when each concept was created: "
        + ", ".join(parts)
        + f"{note}."
    ]


def _limits(r: SaturationReport) -> str:
    units, _ = UNIT_NAMES[r.by]
    return (
        "These figures describe code saturation, when new codes stopped appearing; "
        "they do not show that the categories' properties, dimensions and "
        "relationships are developed (theoretical saturation) or that the codes are "
        "understood (meaning saturation; Hennink et al. 2017), and the estimators "
        f"assume the {units} are an exchangeable random sample, which theoretical "
        "sampling is not. They are offered as evidence for the judgement that "
        "sampling could stop, not as that judgement."
    )


def methods_text(r: SaturationReport) -> str:
    """Return a methods paragraph, a table and references in Markdown (see the report method)."""
    things, _ = ELEMENT_NAMES[r.level]
    units, unit = UNIT_NAMES[r.by]
    order = (
        ", ".join(r.units)
        if len(r.units) <= _LISTED
        else f"{r.units[0]} to {r.units[-1]}"
    )
    opening = (
        f"Saturation was assessed at the level of {things}, with {units} as the "
        f"sampling units, taken in the order in which they were analysed ({order}; "
        f"{len(r.units)} {units}, {r.observed} {things})."
    )
    paragraph = [opening, *_rules(r), *_estimates(r), *_history(r)]
    if r.information_power is not None:
        paragraph.append(
            "Information power (Malterud et al. 2016) was judged as follows: "
            + r.information_power.sentence()
            + "."
            + (f" {r.information_power.note}" if r.information_power.note else "")
        )
    paragraph.append(_limits(r))
    out = ["## Saturation (methods)", "", " ".join(paragraph), ""]
    out += [
        (
            "This paragraph reports data saturation as COREQ item 22 asks (Tong et "
            "al. 2007) and the criteria for deciding that no further sampling was "
            "needed, as SRQR item 8 asks (O'Brien et al. 2014)."
        ),
        "",
        f"Table 1. Stopping rules over their settings, {unit}s in the order analysed.",
        "",
    ]
    out += table(
        [
            "rule",
            "settings",
            "outcome",
            f"new {things} after the point",
            "last run meets the rule",
        ],
        [sensitivity_cells(s) for s in r.sensitivity],
    )
    out += ["", "Table 2. Estimates with 95% intervals.", ""]
    rows = []
    at_end = band_at(r, float(len(r.units)))
    for name, est in r.estimates.items():
        if est is None or f"estimate:{name}" in r.flags:
            continue
        ci = (
            f"{est.ci_low:.1f}-{est.ci_high:.1f}"
            if est.ci_low is not None and est.ci_high is not None
            else ""
        )
        rows.append([f"total {things} ({name})", f"{est.value:.1f}", ci])
    if r.coverage is not None and "coverage" not in r.flags:
        ci = (
            f"{at_end.coverage_low:.3f}-{at_end.coverage_high:.3f}"
            if at_end is not None and r.replicates
            else ""
        )
        rows.append(["sample coverage", f"{r.coverage:.3f}", ci])
    share = r.share_observed
    if share is not None and share.value is not None:
        ci = (
            f"{share.low:.0%}-{share.high:.0%}"
            if share.low is not None and share.high is not None and r.replicates
            else ""
        )
        rows.append([f"share of {things} found", f"{share.value:.0%}", ci])
    needed = r.sources_needed
    if needed is not None and needed.value is not None:
        ci = (
            f"{needed.low:.1f}-{needed.high:.1f}"
            if needed.low is not None and needed.high is not None
            else ""
        )
        rows.append(
            [f"{units} for {r.target_coverage:.0%} coverage", f"{needed.value:.1f}", ci]
        )
    out += table(["quantity", "estimate", "95% interval"], rows)
    cited = [
        key
        for key in REFERENCES
        if key.split(" ")[0] in " ".join(paragraph) + " Tong O'Brien"
    ]
    out += ["", "References", ""] + [f"- {REFERENCES[key]}" for key in sorted(cited)]
    return "\n".join(out) + "\n"
