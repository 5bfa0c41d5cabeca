"""The bewoners of the demo: a roepnaam only where they agreed to it, a street, never a number.

Everyone named in a teammate's notes agreed to share_in_team; everyone named in the text of an
overview-visible discovery agreed to name_in_overview.
"""

from __future__ import annotations

from app.demo.content import (
    ALL_SCOPES,
    DAPPERBUURT,
    IN_OVERVIEW,
    IN_TEAM,
    IN_TEAM_CONTACT,
    OOSTERPARK,
    DemoPerson,
)
from app.people.models import ConsentHow

PEOPLE: tuple[DemoPerson, ...] = (
    # Oosterpark, with a roepnaam
    DemoPerson(
        "ria",
        OOSTERPARK,
        "zit 's middags op het bankje bij de Muziekkoepel en kent iedereen",
        "Eerste Oosterparkstraat",
        first_name="Ria",
        scopes=ALL_SCOPES,
        how=ConsentHow.written,
        is_connector=True,
    ),
    DemoPerson(
        "priya",
        OOSTERPARK,
        "kookt op vrijdag voor de buren in haar portiek",
        "Linnaeusstraat",
        first_name="Priya",
        scopes=IN_TEAM_CONTACT,
    ),
    DemoPerson(
        "daan",
        OOSTERPARK,
        "speelt gitaar op zijn balkon, boven de fietsenstalling",
        "Pretoriusstraat",
        first_name="Daan",
        scopes=IN_OVERVIEW,
    ),
    DemoPerson(
        "gerda",
        OOSTERPARK,
        "heeft een schoenendoos vol oude foto's van de buurt",
        "Ruyschstraat",
        first_name="Gerda",
        scopes=ALL_SCOPES,
        how=ConsentHow.written,
    ),
    DemoPerson(
        "lotte",
        OOSTERPARK,
        "heeft de moestuinbakken in de Swammerdamstraat opgezet",
        "Swammerdamstraat",
        first_name="Lotte",
        scopes=IN_TEAM_CONTACT,
    ),
    # Dapperbuurt, with a roepnaam
    DemoPerson(
        "mehmet",
        DAPPERBUURT,
        "heeft de kraam met stoffen en fournituren op de Dappermarkt",
        "Dapperstraat",
        first_name="Mehmet",
        scopes=IN_OVERVIEW,
        is_connector=True,
    ),
    DemoPerson(
        "kees",
        DAPPERBUURT,
        "repareert alles wat stroom heeft, vaak met de gereedschapskist op de stoep",
        "Commelinstraat",
        first_name="Kees",
        scopes=IN_TEAM,
    ),
    DemoPerson(
        "aicha",
        DAPPERBUURT,
        "is bijna elke middag in de speeltuin aan de Wijttenbachstraat",
        "Wijttenbachstraat",
        first_name="Aïcha",
        scopes=ALL_SCOPES,
        how=ConsentHow.written,
        is_connector=True,
    ),
    DemoPerson(
        "yusuf",
        DAPPERBUURT,
        "fotografeert de Dappermarkt, loopt altijd met een camera om zijn nek",
        "Pontanusstraat",
        first_name="Yusuf",
        scopes=ALL_SCOPES,
        how=ConsentHow.written,
        is_connector=True,
    ),
    DemoPerson(
        "kwame",
        DAPPERBUURT,
        "naait en vermaakt kleding in zijn atelier aan huis",
        "Eerste van Swindenstraat",
        first_name="Kwame",
        scopes=IN_TEAM,
    ),
    # Oosterpark, pseudonym only
    DemoPerson(
        "hond",
        OOSTERPARK,
        "loopt elke ochtend met de hond langs de Linnaeusstraat",
        "Linnaeusstraat",
    ),
    DemoPerson(
        "bakfiets",
        OOSTERPARK,
        "rijdt in de rode bakfiets, woont bij het Eikenplein",
        "Eikenplein",
    ),
    DemoPerson(
        "schaker",
        OOSTERPARK,
        "schaakt bijna elke droge middag op het bankje bij de vijver in het Oosterpark",
    ),
    DemoPerson(
        "schetsboek",
        OOSTERPARK,
        "tekent 's ochtends in het park, altijd met schetsboek",
        "Mauritskade",
    ),
    DemoPerson(
        "basketbal",
        OOSTERPARK,
        "speelt 's avonds basketbal op het veldje en haalt nieuwe spelers erbij",
        "Pretoriusstraat",
    ),
    DemoPerson(
        "portiek",
        OOSTERPARK,
        "buurvrouw van Ria, geeft de planten water als iemand op vakantie is",
        "Eerste Oosterparkstraat",
    ),
    DemoPerson(
        "koor",
        OOSTERPARK,
        "zingt in het buurtkoor en neemt steeds nieuwe mensen mee naar de repetitie",
        "Blasiusstraat",
        is_connector=True,
    ),
    # Dapperbuurt, pseudonym only
    DemoPerson(
        "speelveld",
        DAPPERBUURT,
        "woont bij het speelveld, heeft een partytent en een lange verlengkabel",
        "Wijttenbachstraat",
    ),
    DemoPerson(
        "bloemen",
        DAPPERBUURT,
        "staat zaterdags met bloemen op de Dappermarkt",
        "Dapperstraat",
    ),
    DemoPerson(
        "geveltuin",
        DAPPERBUURT,
        "houdt de geveltuintjes in de straat bij",
        "Commelinstraat",
    ),
    DemoPerson(
        "bakkerij",
        DAPPERBUURT,
        "staat achter de toonbank bij de bakker op het Dapperplein",
        "Dapperplein",
        is_connector=True,
    ),
    DemoPerson(
        "huurders",
        DAPPERBUURT,
        "zit in het bestuur van de huurdersvereniging",
        "Wagenaarstraat",
        is_connector=True,
    ),
    DemoPerson(
        "kapsalon",
        DAPPERBUURT,
        "heeft de kapsalon met de wachtbank voor het raam",
        "Tweede van Swindenstraat",
    ),
    DemoPerson(
        "brieven",
        DAPPERBUURT,
        "leest buren hun post voor en legt uit wat er staat, in drie talen",
        "Reinwardtstraat",
    ),
    DemoPerson(
        "tweeling",
        DAPPERBUURT,
        "komt met de tweeling naar de speeltuin",
        "Wijttenbachstraat",
    ),
    DemoPerson(
        "fietsen",
        DAPPERBUURT,
        "de man van de fietsenmaker, staat meestal buiten aan de werkbank",
        "Eerste van Swindenstraat",
    ),
)
