package io.neo4jrestore.runner.lock;

import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.runner.common.Sleeper;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One restore per target: a {@code coordination.k8s.io} Lease named after the target, held by one
 * restore's runner pod and renewed while it works.
 *
 * <p>Another restore's Lease is taken over only when all of these hold: its renewals stopped for
 * the lease duration, measured on this runner's own clock from when it first saw the current record
 * (clocks of different nodes are never compared); the holder's runner pod is gone; and the holder's
 * restore has ended or no longer exists (a restore whose runner pod died is resumed by the next pod
 * of its Job, and its target may be scaled down meanwhile). A Lease of the same restore held by a
 * pod that is gone is taken over at once: that is a resumed runner.
 *
 * <p>Every write is conditional (create, or replace at the read resourceVersion), so two runners
 * never both believe they hold it.
 */
public final class TargetLock {
  /** What to do with the Lease as it is now. */
  public enum Decision {
    CREATE,
    RENEW,
    TAKE_OVER,
    WAIT
  }

  /** Told when a runner starts waiting for a holder, and again when the holder changes. */
  @FunctionalInterface
  public interface Waiting {
    void waitingFor(Holder holder, LeaseRecord lease) throws Exception;
  }

  /** A fact about the holder, read only when the decision needs it. */
  @FunctionalInterface
  interface Fact {
    boolean get() throws ApiException;
  }

  /** The lock was not obtained within {@link LockSettings#maxWait()}. */
  public static final class TimeoutException extends Exception {
    private final transient Holder holder;
    private final transient LeaseRecord lease;

    TimeoutException(Holder holder, LeaseRecord lease, Duration waited) {
      super("still held by " + holder + " after waiting " + waited.toSeconds() + "s");
      this.holder = holder;
      this.lease = lease;
    }

    public Holder holder() {
      return holder;
    }

    public LeaseRecord lease() {
      return lease;
    }
  }

  private final Leases leases;
  private final HolderProbe probe;
  private final Clock clock;
  private final Sleeper sleeper;
  private final LockSettings settings;
  private final String name;
  private final Holder me;
  private final PrintStream log;

  private LeaseRecord held;
  private LeaseRecord observed;
  private Instant observedAt;
  private volatile boolean lost;
  private volatile Thread renewer;

  public TargetLock(
      Leases leases,
      HolderProbe probe,
      Clock clock,
      Sleeper sleeper,
      LockSettings settings,
      String name,
      Holder me,
      PrintStream log) {
    this.leases = leases;
    this.probe = probe;
    this.clock = clock;
    this.sleeper = sleeper;
    this.settings = settings;
    this.name = name;
    this.me = me;
    this.log = log;
  }

  public String name() {
    return name;
  }

  /**
   * Pure: what to do with {@code current}, given how long its record has not changed on the local
   * clock. The holder facts are read only when the answer depends on them.
   */
  static Decision decide(
      Optional<LeaseRecord> current,
      Holder me,
      Duration unchangedFor,
      Fact holderPodGone,
      Fact holderRestoreUnfinished)
      throws ApiException {
    if (current.isEmpty()) {
      return Decision.CREATE;
    }
    LeaseRecord lease = current.get();
    if (lease.released()) {
      return Decision.TAKE_OVER;
    }
    if (me.identity().equals(lease.holder())) {
      return Decision.RENEW;
    }
    Optional<Holder> holder = Holder.parse(lease.holder());
    if (holder.isPresent() && me.sameRestore(holder.get())) {
      return holderPodGone.get() ? Decision.TAKE_OVER : Decision.WAIT;
    }
    boolean expired = unchangedFor.compareTo(Duration.ofSeconds(lease.durationSeconds())) >= 0;
    if (!expired || !holderPodGone.get()) {
      return Decision.WAIT;
    }
    return holder.isEmpty() || !holderRestoreUnfinished.get() ? Decision.TAKE_OVER : Decision.WAIT;
  }

  /**
   * Takes the Lease, waiting while someone else holds it (at most {@link LockSettings#maxWait()});
   * transient API errors are retried within that bound.
   */
  public void acquire(Waiting waiting) throws Exception {
    Instant deadline = clock.instant().plus(settings.maxWait());
    Holder reported = null;
    LeaseRecord last = null;
    // most targets have no Lease yet: try to create it first (409: it exists, read it)
    boolean blind = true;
    while (true) {
      boolean createdBlind = blind;
      try {
        Optional<LeaseRecord> current = blind ? Optional.empty() : leases.get(name);
        blind = false;
        current.ifPresent(this::observe);
        Instant now = clock.instant();
        Duration unchanged = observedAt == null ? Duration.ZERO : Duration.between(observedAt, now);
        Optional<Holder> holder = current.flatMap(l -> Holder.parse(l.holder()));
        Decision d =
            decide(
                current,
                me,
                unchanged,
                () -> holder.isEmpty() || probe.podGone(holder.get()),
                () -> holder.isPresent() && probe.restoreUnfinished(holder.get()));
        switch (d) {
          case CREATE -> {
            held =
                leases.create(name, new LeaseRecord(me.identity(), seconds(), now, now, 0, null));
            return;
          }
          case RENEW -> {
            held = leases.replace(name, renewed(current.get(), now));
            return;
          }
          case TAKE_OVER -> {
            LeaseRecord old = current.get();
            held =
                leases.replace(
                    name,
                    new LeaseRecord(
                        me.identity(),
                        seconds(),
                        now,
                        now,
                        old.transitions() + 1,
                        old.resourceVersion()));
            log(
                "took over Lease "
                    + name
                    + (old.released() ? " (released)" : " from " + describe(old.holder())));
            return;
          }
          case WAIT -> {
            last = current.get();
            Holder h = holder.orElse(new Holder("?", "?", last.holder()));
            if (!h.equals(reported)) {
              waiting.waitingFor(h, last);
              reported = h;
            }
            if (!now.isBefore(deadline)) {
              throw new TimeoutException(h, last, settings.maxWait());
            }
          }
        }
      } catch (ApiException e) {
        if (e.getCode() != 409 && !transientError(e)) {
          throw e;
        }
        // 409: someone wrote in between, look again; transient: try again within the bound
        if (transientError(e) && !clock.instant().isBefore(deadline)) {
          throw e;
        }
        if (e.getCode() == 409 && createdBlind) {
          continue; // the Lease existed when we tried to create it: read it now
        }
      }
      sleeper.sleep(settings.poll());
    }
  }

  /** Renews the Lease now; false when it could not (see {@link #lost()}). */
  public synchronized boolean renew() {
    if (held == null) {
      return false;
    }
    for (int attempt = 1; attempt <= 2; attempt++) {
      try {
        held = leases.replace(name, renewed(held, clock.instant()));
        return true;
      } catch (ApiException e) {
        if (e.getCode() != 409) {
          log("could not renew Lease " + name + ": HTTP " + e.getCode() + "; trying again later");
          return false;
        }
        try {
          Optional<LeaseRecord> current = leases.get(name);
          if (current.isEmpty() || !me.identity().equals(current.get().holder())) {
            lost = true;
            log(
                "Lease "
                    + name
                    + " is no longer held by this runner (now: "
                    + current.map(l -> describe(l.holder())).orElse("deleted")
                    + ")");
            return false;
          }
          held = current.get();
        } catch (ApiException again) {
          return false;
        }
      }
    }
    return false;
  }

  /** Renews every third of the lease duration in the background until {@link #stopRenewing}. */
  public void startRenewing() {
    Thread t =
        new Thread(
            () -> {
              while (renewer == Thread.currentThread()) {
                try {
                  sleeper.sleep(settings.renewEvery());
                } catch (InterruptedException e) {
                  return;
                }
                if (renewer == Thread.currentThread()) {
                  renew();
                }
              }
            },
            "lease-renewer-" + name);
    t.setDaemon(true);
    renewer = t;
    t.start();
  }

  public void stopRenewing() {
    Thread t = renewer;
    renewer = null;
    if (t != null) {
      t.interrupt();
    }
  }

  /**
   * Gives the Lease up (holder cleared, so the next restore takes it at once). Only a Lease this
   * runner holds; a failure to release is logged: the Lease then lapses.
   */
  public synchronized void release() {
    stopRenewing();
    if (held == null) {
      return;
    }
    try {
      // at the version this runner last wrote; 409 (someone wrote since): read whose it is now
      LeaseRecord c = held;
      try {
        leases.replace(name, cleared(c));
        log("released Lease " + name);
      } catch (ApiException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        Optional<LeaseRecord> current = leases.get(name);
        if (current.isPresent() && me.identity().equals(current.get().holder())) {
          leases.replace(name, cleared(current.get()));
          log("released Lease " + name);
        }
      }
    } catch (ApiException e) {
      log(
          "could not release Lease "
              + name
              + ": HTTP "
              + e.getCode()
              + "; it lapses "
              + settings.leaseDuration().toSeconds()
              + "s after the last renewal");
    }
    held = null;
  }

  /** {@code c} without a holder: released, so that the next restore takes it at once. */
  private LeaseRecord cleared(LeaseRecord c) {
    return new LeaseRecord(
        null,
        c.durationSeconds(),
        c.acquired(),
        clock.instant(),
        c.transitions(),
        c.resourceVersion());
  }

  /** True once a renewal found the Lease held by someone else. */
  public boolean lost() {
    return lost;
  }

  public boolean holding() {
    return held != null && !lost;
  }

  /** Local-clock bookkeeping: when did the record last change, as far as this runner saw. */
  private void observe(LeaseRecord lease) {
    if (observed == null
        || !Objects.equals(observed.holder(), lease.holder())
        || !Objects.equals(observed.renewed(), lease.renewed())
        || !Objects.equals(observed.resourceVersion(), lease.resourceVersion())) {
      observed = lease;
      observedAt = clock.instant();
    }
  }

  private LeaseRecord renewed(LeaseRecord lease, Instant now) {
    return new LeaseRecord(
        me.identity(),
        seconds(),
        lease.acquired() == null ? now : lease.acquired(),
        now,
        lease.transitions(),
        lease.resourceVersion());
  }

  private int seconds() {
    return (int) settings.leaseDuration().toSeconds();
  }

  private static boolean transientError(ApiException e) {
    return e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500;
  }

  private static String describe(String identity) {
    return Holder.parse(identity).map(Holder::toString).orElse(String.valueOf(identity));
  }

  private void log(String line) {
    log.println(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " " + line);
    log.flush();
  }
}
