"""The words the print figures add (legend, node names), in Dutch and English."""

from __future__ import annotations

WORDS = {
    "nl": {
        "start": "start (signaal of aanmelding)",
        "asylum": "asielprocedure",
        "bedenktijd": "bedenktijd",
        "legend": "Legenda",
        "regulation": "stap in de verblijfsregeling",
        "asylum_step": "stap in de asielprocedure",
        "both": "stap in beide tegelijk",
        "outcome_step": "naar een uitkomst",
        "regulation_fill": "fase van de verblijfsregeling",
        "asylum_fill": "asielprocedure (aanvraag, verleend of afgewezen) tijdens of na de fase erboven",
        "outcome_fill": "uitkomst",
        "faded": "andere stap",
        "ends": "uitkomsten zijn getekend vanaf het einde van elke lijn; alle fasen: figure1-all",
        "left_all": "vertrek uit Nederland kan uit elke fase",
        "route_steps": "stappen",
        "route": "de route",
        "bold": "dikke rand: fase op de getekende route(s)",
    },
    "en": {
        "start": "start (signal or application)",
        "asylum": "asylum procedure",
        "bedenktijd": "reflection period",
        "legend": "Legend",
        "regulation": "step in the regulation",
        "asylum_step": "step in the asylum procedure",
        "both": "step in both at once",
        "outcome_step": "to an outcome",
        "regulation_fill": "phase of the regulation",
        "asylum_fill": "asylum procedure (application, granted or refused) during or after the phase above",
        "outcome_fill": "outcome",
        "faded": "other step",
        "ends": "outcomes are drawn from the end of each line; every phase: figure1-all",
        "left_all": "leaving the Netherlands is possible from every phase",
        "route_steps": "steps",
        "route": "the route",
        "bold": "bold border: phase on the route(s) drawn",
    },
}
