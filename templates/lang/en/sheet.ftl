# Every word rx prints on an English sheet and booklet.
# Fluent syntax: https://projectfluent.org/fluent/guide/ . A message's id is
# what the code asks for; `{ $name }` is a value the code passes in. Counts
# are numbers, so `{ $n -> [one] ... *[other] ... }` picks the plural form by
# the language's own rules; `[1]`, `[2]` match that exact number first.
# Every language's file must define every message of this one.

## The document

doc-title = Home exercise program – { $name }
# The title of a combined day's PDF (`--combine`): $count patients' sheets.
combined-title = Home exercise programs – { $count ->
    [one] 1 patient
   *[other] { $count } patients
}
title = Home exercises for { $name }
dates-span = Do these exercises from { $issued } until your review on { $review }.
day-minutes = { $minutes ->
    [one] This takes about 1 minute a day.
   *[other] This takes about { $minutes } minutes a day.
}
page = Page { $number } of { $total }
# In a combined PDF, after a sheet of an odd number of pages.
intentionally-blank = This page is intentionally blank

## Boxes and labels

notes-label = Notes from your therapist:
safety-title = Stay safe
why-label = Why it helps:
care-label = Take care:
tip-label = Tip:
# A step's hold, after "Hold for" (catalogue marker `{hold}`): "20 seconds".
step-hold = { $seconds } { $seconds ->
    [one] second
   *[other] seconds
  }
therapist-says = Your therapist says:
# Over the rest of an exercise that goes on to the next page: "3.  Pelvic tilt (continued)".
exercise-continued = { $name } (continued)
starting-position = Starting position
video-label = Scan to watch a video
# What a screen reader says for an exercise's figure (its /Alt), and for its
# video code: "Drawing: Knee to chest".
figure-alt = Drawing: { $name }
video-alt = Video of { $name }: QR code
figure-key = In the pictures: grey is where you start, black where you finish, the arrow shows the movement. Outlined: things you use, or the far arm or leg that works.
# Printed under an exercise the catalogue has no translation for, on a sheet
# built with --allow-fallback. English never needs it.
fallback-note = { "" }
signature = Therapist's signature
signature-date = Date

## The clinic and whom to call

clinic-phone = Phone { $phone }
contact-your-clinic = your clinic
contact-phone-email = Questions? Call { $who } at { $phone }, or e-mail { $email }.
contact-phone = Questions? Call { $who } at { $phone }.
contact-email = Questions? E-mail { $who } at { $email }.

## Doses: "1 set of 10 · hold 10 seconds · each side · once a day"

# One set reads as a count: "10 times", "once".
dose-sets = { $sets ->
    [1] { $reps ->
        [1] once
       *[other] { $reps } times
      }
   *[other] { $sets } sets of { $reps }
  }
# One set done on each side in turn: "once on each side", "10 times on each side".
dose-each-side = { $reps ->
    [1] once on each side
   *[other] { $reps } times on each side
  }
dose-hold = hold { $seconds } { $seconds ->
    [one] second
   *[other] seconds
  }
# A timed bout: "for 2 minutes".
dose-minutes = for { $minutes } { $minutes ->
    [one] minute
   *[other] minutes
  }
side-both = each side
side-alternate = alternating sides
side-left = left side only
side-right = right side only
per-day = { $times ->
    [1] once a day
    [2] twice a day
   *[other] { $times } times a day
  }
per-week = { $days ->
    [7] every day
    [1] once a week
   *[other] { $days } days a week
  }

## The log's short dose: "3 × 10 · hold 10 s · each side · twice a day"

short-reps = { $reps } { $reps ->
    [one] rep
   *[other] reps
  }
short-sets = { $sets } × { $reps }
short-hold = hold { $seconds } s
short-minutes = { $minutes } min
short-both = each side
short-alternate = alternating
short-left = left only
short-right = right only
tick-days = { $frequency }: tick the days

## The log

log-title = Exercise log
log-intro = Tick a box each time you do the exercise. Each day, write how bad your pain was, from 0 (none) to 10 (the worst). Bring this sheet to your review.
log-week = Week { $week }
log-weeks = Weeks { $first }–{ $last }
log-band = { $weeks } · { $start } to { $end }
log-continued = { $label } (continued)
log-pain = Pain today (0–10)
log-comments = Comments:
log-week-comments = Week { $week } comments:

## Dates: "Sunday 22 November 2026", "22 Nov 2026"

date-long = { $weekday } { $day } { $month } { $year }
date-short = { $day } { $month } { $year }
day-1 = Monday
day-2 = Tuesday
day-3 = Wednesday
day-4 = Thursday
day-5 = Friday
day-6 = Saturday
day-7 = Sunday
day-short-1 = Mon
day-short-2 = Tue
day-short-3 = Wed
day-short-4 = Thu
day-short-5 = Fri
day-short-6 = Sat
day-short-7 = Sun
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec

## The booklet (rx catalogue --format pdf): the clinic's reference

booklet-title = Exercise catalogue
booklet-about = The safety advice and starter routines, then { $count } { $count ->
    [one] exercise
   *[other] exercises
  }, each with everything a sheet prints, each source's own prescription, the limits a plan is checked against with where each comes from, and notes for clinicians. Printed { $date }.
booklet-page = Exercise catalogue · page { $number } of { $total }
# Sources: "from "Title A", "Title B" and "Title C""
booklet-from = from { $sources }
booklet-and = { $first } and { $last }
booklet-safety-title = Safety advice
booklet-safety-intro = Printed in the { $box } box of every sheet, in this order.
booklet-safety-line = { $text } ({ $source }.)
booklet-sources-title = Sources
booklet-sources-intro = Where the catalogue's facts come from. A copy is another site's copy of the publisher's page; sheets never print its address.
# One source: $id, $title, then its record.
booklet-source = { $id }: "{ $title }".
booklet-source-publisher = Publisher: { $publisher }.
booklet-source-page = Page: { $url }.
booklet-source-seen-whole = Seen whole
booklet-source-seen-excerpt = Seen in part (an excerpt)
booklet-source-seen-copy = Seen as a copy
booklet-source-on = on { $date }
booklet-source-seen-at = Read at (a copy): { $url }.
booklet-source-not-known = Not known: { $text }.
booklet-only-daily = Only on sheets where every exercise is done every day.
booklet-only-not-daily = Only on sheets where an exercise is done on some days of the week.
booklet-routine-title = Starter routine: { $name }
booklet-routine-intro = Start a plan with: rx new plan.toml --routine { $id }. Doses { $source }, each the article's own, at the low end of its ranges.
booklet-id = Id:
booklet-aliases = Also called:
booklet-position = Starting position:
booklet-figure-note = About the figure:
booklet-dose = Recommended dose:
booklet-notes-title = Notes for clinicians: { $name }
booklet-prescriptions-title = Each source's prescription: { $name }
# A source's prescription: "6–8 times, alternating sides, no hold". $reps is
# a range ("6–8"); $most, its top, picks the plural.
booklet-each-side = { $reps } on each side
booklet-alternating = { $reps } times, alternating sides
booklet-times = { $reps } times
# A source's own sets and frequency, after its count and hold.
booklet-p-sets = { $range } { $most ->
    [one] set
   *[other] sets
  }
booklet-p-per-day = { $range } { $most ->
    [one] time
   *[other] times
  } a day
booklet-p-per-week = { $range } { $most ->
    [one] day
   *[other] days
  } a week
booklet-minutes = for { $range } { $most ->
    [one] minute
   *[other] minutes
  }
booklet-no-hold = no hold
booklet-hold = hold { $seconds } { $most ->
    [one] second
   *[other] seconds
  }
booklet-prescription = { $summary }, { $source }.
booklet-source-note = The source: { $note }.
booklet-reading = Our reading: { $reading }.
booklet-starts-from = A plan's missing fields start from this one.
booklet-our-default = our default
booklet-limits-title = Limits: { $name }
booklet-sets = Sets:
booklet-reps = Reps:
booklet-hold-label = Hold:
booklet-per-day = Times a day:
booklet-per-week = Days a week:
booklet-minutes-label = Minutes a bout:
booklet-seconds = { $range } { $most ->
    [one] second
   *[other] seconds
  }
booklet-recommended = (recommended { $value })
booklet-limit = { $limit }, { $source }.
booklet-limit-note = Note: { $note }.
booklet-clinic-limit = Clinic limit, applies: { $range } ({ $place }), basis: { $basis }.
booklet-clinic-limit-sourced = Clinic limit, applies: { $range } ({ $place }), within the sources' range.
booklet-no-hold-limit = no hold: the sources describe none (a plan may write hold = 0).
booklet-daily-label = Daily total:
# The daily-volume limit: $total reps (and $holding of holding) a day, which
# is $margin times the largest day of one source ($largest reps from $from;
# $held of holding from $held-from).
booklet-daily = at most { $total } reps a day, { $margin } × the largest any one source gives ({ $largest } { $largest ->
    [one] rep
   *[other] reps
  }, { $from }).
booklet-daily-side = at most { $total } reps a day per side, { $margin } × the largest any one source gives ({ $largest } { $largest ->
    [one] rep
   *[other] reps
  }, { $from }).
booklet-daily-hold = at most { $total } reps and { $holding } of holding a day, { $margin } × the largest any one source gives ({ $largest } { $largest ->
    [one] rep
   *[other] reps
  }, { $from }; { $held }, { $held-from }).
booklet-daily-hold-side = at most { $total } reps and { $holding } of holding a day per side, { $margin } × the largest any one source gives ({ $largest } { $largest ->
    [one] rep
   *[other] reps
  }, { $from }; { $held }, { $held-from }).
booklet-side-label = Each side:
booklet-side-yes = yes, each side in turn
booklet-side-no = no
booklet-side = { $side }, { $source }.
booklet-sources = Sources:
# The sources of an entry, after "Sources:": $source is "from "A" and "B"",
# $titles just ""A" and "B"".
booklet-cited = { $source }.

# rx catalogue's listing: its column headings, the region headings (each
# followed by its count), and the line when nothing matches.
catalogue-id = ID
catalogue-name = NAME
catalogue-sets = SETS
catalogue-reps = REPS
catalogue-hold = HOLD (S)
catalogue-each-side = EACH SIDE
catalogue-per-day = PER DAY
catalogue-per-week = PER WEEK
catalogue-yes = yes
catalogue-no = no
catalogue-none = no exercise matches
region-neck = Neck
region-shoulder = Shoulder
region-hip = Hip
region-knee = Knee
region-foot-ankle = Foot and ankle
region-back = Back
region-balance = Balance and falls
region-none = No region given
