"""The rules of BAUP's information days, one function each, quoting their source.

004, Подготовка и консултации, ал.6: "Информационни дни се провеждат най-малко веднъж годишно.
Графикът за тях се приема с Решение на УС на СК и се оповестява публично чрез Интернет сайта на БАУП".
"""

from portal.dates import add_months

# The window the Group looks ahead (a year: "най-малко веднъж годишно").
LOOKAHEAD_MONTHS = 12


def info_day_missing(adopted_days, today):
    """Whether the Group is warned that the adopted schedule holds no information day from `today`
    to the same date 12 months later (both included; from 29 February the year runs to 28 February):
    "Информационни дни се провеждат най-малко веднъж годишно." (004 (preparation and consultations)
    ал.6). `adopted_days` are the dates of the days the Board adopted."""
    until = add_months(today, LOOKAHEAD_MONTHS)
    return not any(today <= day <= until for day in adopted_days)
