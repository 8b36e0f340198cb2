from io import StringIO

from django.core.management import call_command
from django.db.models import F

from xinfang.accounts.models import User
from xinfang.lib.idnumber import validate_id_number
from xinfang.orgs.models import Employer, Org, OrgKind
from xinfang.people.models import Person
from xinfang.petitions.models import Petition, PetitionCounter, Petitioner


def counts():
    return [m.objects.count() for m in (Org, User, Employer, Person, Petition)]


def test_demo_data_is_idempotent_and_valid(db):
    call_command("demo_data", petitions=40, employers=30, stdout=StringIO())
    first = counts()
    call_command("demo_data", petitions=40, employers=30, stdout=StringIO())
    assert counts() == first and first[-1] == 40
    assert Org.objects.filter(kind=OrgKind.COMMITTEE).count() == 10
    for number in Person.objects.exclude(id_number="").values_list("id_number", flat=True):
        validate_id_number(number)
    # Numbers continue where the demo left off, per year, without gaps.
    for counter in PetitionCounter.objects.all():
        seqs = sorted(Petition.objects.filter(year=counter.year).values_list("seq", flat=True))
        assert seqs == list(range(1, counter.last_seq + 1))
    assert not Petition.objects.filter(petitioner_names="").exists()
    for petition in Petition.objects.all()[:10]:
        listed = petition.petitioners.order_by("order").values_list("person__name", flat=True)
        assert petition.petitioner_names == "、".join(listed)
    # Each petitioner row keeps the identity as registered (the snapshot the pages and letters show).
    assert not Petitioner.objects.filter(name="").exists()
    assert not Petitioner.objects.exclude(id_number=F("person__id_number")).exists()
    assert not Petitioner.objects.exclude(phone=F("person__phone")).exists()


def test_demo_gives_recent_petitions_their_intake_clock(db):
    from datetime import timedelta

    from django.utils import timezone

    from xinfang.petitions.models import Clock

    call_command("demo_data", petitions=300, employers=30, stdout=StringIO())
    recent = Petition.objects.filter(received_at__gte=timezone.now() - timedelta(days=30))
    assert recent.exists()
    intake = Clock.objects.filter(kind="intake")
    assert intake.filter(petition__in=recent).count() == recent.count()
    assert not intake.exclude(petition__in=recent).exists()


def test_demo_walks_a_sample_through_the_real_workflow(db):
    from django.utils import timezone

    from xinfang.petitions.models import Assignment, ClockKind, EventKind, PetitionDocument, Status

    call_command("demo_data", petitions=1500, employers=30, stdout=StringIO())
    walked = Petition.objects.exclude(status=Status.REGISTERED)
    assert walked.count() > 20 and Assignment.objects.exists()
    for petition in walked.filter(status__in=[Status.CONCLUDED, Status.RATED]):
        assert petition.events.filter(kind=EventKind.CONCLUDED).exists()
        # A confidential case's letter is written only by who may see its petitioners; the demo's walker may not.
        if not petition.is_confidential:
            assert PetitionDocument.objects.filter(petition=petition, kind="decision_letter").exists()
        handling = petition.clocks.get(kind=ClockKind.HANDLING)
        assert handling.started_on == timezone.localdate(petition.intake_decided_at)
        assert handling.started_on >= timezone.localdate(petition.received_at)
    # Mediations and consultations in proportion, numbered in the order received.
    from xinfang.consultations.models import Consultation
    from xinfang.mediations.models import Mediation

    direct = Mediation.objects.filter(petition__isnull=True)
    assert direct.count() == 300 and Consultation.objects.count() == 1800
    dates = list(direct.order_by("year", "seq").values_list("received_on", flat=True))
    assert dates == sorted(dates)
    # Petitions diverted into mediation carry their linked case.
    diverted = Petition.objects.filter(status=Status.DIVERTED)
    assert diverted.exists() and all(Mediation.objects.filter(petition=p).exists() for p in diverted)
    # Run twice: nothing more is walked or added.
    before = Assignment.objects.count()
    call_command("demo_data", petitions=1500, employers=30, stdout=StringIO())
    assert Assignment.objects.count() == before
    assert direct.count() == 300 and Consultation.objects.count() == 1800
