"""Concurrent editors of one case through the API, each reading the version and sending it back as If-Match."""

from concurrent.futures import ThreadPoolExecutor

import requests


def edit_concurrently(
    case_urls: list[str], headers: dict[str, str], *, editors: int, rounds: int
) -> tuple[int, int]:
    """``editors`` threads (editor n uses ``case_urls[n % len]``), ``rounds`` edits each: (saved, conflicts)."""

    def editor(number: int) -> tuple[int, int]:
        url = case_urls[number % len(case_urls)]
        saved = conflicts = 0
        with requests.Session() as session:
            for round_number in range(rounds):
                version = session.get(url, headers=headers, timeout=30).headers["ETag"]
                response = session.patch(
                    url,
                    json={"reference": f"editor-{number}-round-{round_number}"},
                    headers={**headers, "If-Match": version},
                    timeout=30,
                )
                assert response.status_code in (200, 412), response.text
                if response.status_code == 200:
                    # Accepted only on top of the version this editor read: a lost update would show
                    # up as a new version further than one step from it.
                    assert int(response.headers["ETag"].strip('"')) == int(version.strip('"')) + 1
                    saved += 1
                else:
                    conflicts += 1
        return saved, conflicts

    with ThreadPoolExecutor(max_workers=editors) as pool:
        results = list(pool.map(editor, range(editors)))
    return sum(s for s, _c in results), sum(c for _s, c in results)
