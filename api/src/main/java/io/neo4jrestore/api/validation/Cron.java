package io.neo4jrestore.api.validation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Optional;

/**
 * A 5-field cron schedule ({@code minute hour day-of-month month day-of-week}, UTC), as a CronJob's
 * {@code schedule} without names or macros: each field {@code *}, a number, a range {@code a-b}, a
 * step {@code *}{@code /n} or {@code a-b/n}, or a comma-separated list of these. Day of week 0 or 7
 * is Sunday. When both day fields are restricted, a day matching either one matches (as cron does).
 * Pure: parsing, {@link #previous(Instant)} and {@link #next(Instant)}.
 */
public final class Cron {
  /** The message of a refused schedule (the CRD's rule says the same). */
  public static final String MESSAGE =
      "schedule must be 5 cron fields (minute hour day-of-month month day-of-week, UTC) of"
          + " numbers, ranges, steps and lists, e.g. \"0 2 * * 0\"";

  /** Five space-separated fields of digits, {@code *}, {@code /}, {@code ,} and {@code -}. */
  public static final String SHAPE = "^ *[0-9*/,-]+( +[0-9*/,-]+){4} *$";

  /** A fire time further back than this is not looked for (29 February fits). */
  private static final long LOOK_BACK_DAYS = 366L * 8;

  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet days;
  private final BitSet months;
  private final BitSet weekdays;
  private final boolean anyDay;
  private final boolean anyWeekday;

  private Cron(String[] f) {
    minutes = field(f[0], 0, 59);
    hours = field(f[1], 0, 23);
    days = field(f[2], 1, 31);
    months = field(f[3], 1, 12);
    weekdays = field(f[4], 0, 7);
    if (weekdays.get(7)) {
      weekdays.set(0);
    }
    anyDay = f[2].startsWith("*");
    anyWeekday = f[4].startsWith("*");
  }

  /** The schedule, or an IllegalArgumentException with {@link #MESSAGE}. */
  public static Cron parse(String schedule) {
    // the CRD's rule checks this shape (the API server cannot check the ranges)
    if (schedule == null || !schedule.matches(SHAPE)) {
      throw new IllegalArgumentException(MESSAGE);
    }
    String[] f = schedule.trim().split(" +");
    return new Cron(f);
  }

  /** Whether {@code schedule} parses. */
  public static boolean isValid(String schedule) {
    try {
      parse(schedule);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The latest time at or before {@code now} (whole minutes, UTC) the schedule fires. */
  public Optional<Instant> previous(Instant now) {
    ZonedDateTime t = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
    ZonedDateTime limit = t.minusDays(LOOK_BACK_DAYS);
    while (t.isAfter(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).withHour(0).withMinute(0).minusMinutes(1);
      } else if (!dayMatches(t)) {
        t = t.withHour(0).withMinute(0).minusMinutes(1);
      } else if (!hours.get(t.getHour())) {
        t = t.withMinute(0).minusMinutes(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.minusMinutes(1);
      } else {
        return Optional.of(t.toInstant());
      }
    }
    return Optional.empty();
  }

  /**
   * The latest fire time at or before {@code now} that comes after {@code since} (null: any), or
   * empty: when a scheduled drill whose last attempt started at {@code since} is due (the
   * dispatcher's rule, which {@code get -o wide} shows).
   */
  public Optional<Instant> firedSince(Instant since, Instant now) {
    return previous(now).filter(fired -> since == null || fired.isAfter(since));
  }

  /** The earliest time after {@code now} (whole minutes, UTC) the schedule fires. */
  public Optional<Instant> next(Instant now) {
    ZonedDateTime t = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = t.plusDays(LOOK_BACK_DAYS);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).withHour(0).withMinute(0).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.withHour(0).withMinute(0).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.withMinute(0).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return Optional.of(t.toInstant());
      }
    }
    return Optional.empty();
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean day = days.get(t.getDayOfMonth());
    boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
    if (anyDay || anyWeekday) {
      return day && weekday;
    }
    return day || weekday;
  }

  private static BitSet field(String text, int min, int max) {
    BitSet set = new BitSet();
    for (String part : text.split(",", -1)) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), 1, max);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] ab = range.split("-", -1);
        if (ab.length != 2) {
          throw new IllegalArgumentException(MESSAGE);
        }
        from = number(ab[0], min, max);
        to = number(ab[1], min, max);
      } else {
        from = number(range, min, max);
        to = slash >= 0 ? max : from;
      }
      if (from > to) {
        throw new IllegalArgumentException(MESSAGE);
      }
      for (int v = from; v <= to; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private static int number(String s, int min, int max) {
    if (s.isEmpty() || s.length() > 2 || !s.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(MESSAGE);
    }
    int v = Integer.parseInt(s);
    if (v < min || v > max) {
      throw new IllegalArgumentException(MESSAGE);
    }
    return v;
  }
}
