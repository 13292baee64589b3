"""The report's published route shares (§3.1, Figure 3; N = 1,831 victims in the regulation,
2013-2017, IND/NR data), as Figure 2 prints them beside Routes 1, 2 and 3. These are the
report's numbers, not the model's: the model has no frequencies.
"""

from __future__ import annotations

ROUTE_SHARES = {
    "nl": {
        "route_1": "Route 1: eerst asiel, dan de regeling; ongeveer de helft van wie ook asiel "
        "aanvraagt; 8,8% van alle slachtoffers (deels) parallel (§3.1)",
        "route_2": "Route 2: asiel na het verkrijgen van de B8-vergunning (§3)",
        "route_3": "Route 3: asiel na afwijzing van de B9-aanvraag (§3)",
    },
    "en": {
        "route_1": "Route 1: asylum first, then the regulation; about half of those who also "
        "apply for asylum; 8.8% of all victims (partly) in parallel (§3.1)",
        "route_2": "Route 2: asylum after obtaining the B8 permit (§3)",
        "route_3": "Route 3: asylum after the B9 application is refused (§3)",
    },
}
SHARES_NOTE = {
    "nl": (
        "Routes 2 en 3 samen: de andere helft; overlap 2,1% van alle slachtoffers (§3.1)",
        "67% alleen de verblijfsregeling, 33% ook asiel (N = 1.831, 2013-2017; §3.1, Figuur 3)",
    ),
    "en": (
        "Routes 2 and 3 together: the other half; overlap 2.1% of all victims (§3.1)",
        "67% the regulation only, 33% also asylum (N = 1,831, 2013-2017; §3.1, Figure 3)",
    ),
}
