import time, cProfile, pstats
from xinfang.petitions.tests.test_imports import HEADERS, xlsx, many, run, problems_of

def test_q(registrar):
    content = xlsx(HEADERS, list(many(2000)))
    t = time.monotonic()
    pr = cProfile.Profile(); pr.enable()
    job = run(registrar, content)
    pr.disable()
    print("elapsed", time.monotonic() - t, job.status, problems_of(job)[:5])
    pstats.Stats(pr).sort_stats("cumulative").print_stats("xinfang", 30)
