package io.neo4jrestore.runner.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.runner.neo4j.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-target lock with an injected clock: who waits, who takes over, and when. */
class TargetLockTest {
  private static final LockSettings SETTINGS =
      new LockSettings(Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofSeconds(5));
  private static final Holder A = new Holder("first", "uid-a", "first-run-pod-1");
  private static final Holder B = new Holder("second", "uid-b", "second-run-pod-1");

  private final TestClock clock = new TestClock();
  private final MemoryLeases leases = new MemoryLeases();
  private final Probe probe = new Probe();
  private final List<Holder> waitedFor = new ArrayList<>();

  private TargetLock lock(Holder me) {
    return new TargetLock(
        leases,
        probe,
        clock,
        clock,
        SETTINGS,
        "neo4j-restore-cluster-prod",
        me,
        new PrintStream(new ByteArrayOutputStream()));
  }

  private void acquire(TargetLock lock) throws Exception {
    lock.acquire((holder, lease) -> waitedFor.add(holder));
  }

  @Test
  void a_free_target_is_locked_at_once() throws Exception {
    TargetLock a = lock(A);
    acquire(a);
    assertTrue(a.holding());
    assertEquals(A.identity(), leases.current().holder());
    assertEquals(60, leases.current().durationSeconds());
    assertTrue(clock.sleeps().isEmpty());
  }

  @Test
  void a_second_restore_waits_naming_the_holder_then_times_out_without_touching_the_lease()
      throws Exception {
    acquire(lock(A));
    LeaseRecord before = leases.current();
    probe.podGone = true; // even a vanished pod: its restore is still running
    probe.restoreUnfinished = true;
    TargetLock.TimeoutException e =
        assertThrows(TargetLock.TimeoutException.class, () -> acquire(lock(B)));
    assertEquals(A, e.holder());
    assertEquals(List.of(A), waitedFor, "told once, naming the holder");
    assertEquals(before, leases.current(), "the holder's Lease is untouched");
    assertEquals(SETTINGS.maxWait(), Duration.between(TestClock.START, clock.instant()));
  }

  @Test
  void a_holder_that_keeps_renewing_is_never_taken_over_whatever_its_clock_says() throws Exception {
    acquire(lock(A));
    probe.podGone = true;
    // the holder renews between our looks, with a clock an hour behind ours
    leases.beforeGet =
        () -> leases.put(leases.current().holder(), clock.instant().minusSeconds(3600));
    assertThrows(TargetLock.TimeoutException.class, () -> acquire(lock(B)));
    assertEquals(A.identity(), leases.current().holder());
  }

  @Test
  void stopped_renewals_count_on_the_local_clock_from_the_first_look_not_from_renew_time()
      throws Exception {
    // renewTime a day old (or skewed): the waiting runner still watches a full duration itself
    leases.put(A.identity(), TestClock.START.minus(Duration.ofDays(1)));
    probe.podGone = true;
    probe.restoreUnfinished = false;
    TargetLock b = lock(B);
    acquire(b);
    assertTrue(b.holding());
    assertEquals(B.identity(), leases.current().holder());
    assertEquals(1, leases.current().transitions());
    Duration waited = Duration.between(TestClock.START, clock.instant());
    assertTrue(
        waited.compareTo(SETTINGS.leaseDuration()) >= 0
            && waited.compareTo(SETTINGS.leaseDuration().plus(SETTINGS.poll())) <= 0,
        "took over after one lease duration of silence: " + waited);
    assertEquals(List.of(A), waitedFor);
  }

  @Test
  void an_expired_lease_is_not_taken_while_the_holder_pod_runs_or_its_restore_is_unfinished()
      throws Exception {
    leases.put(A.identity(), TestClock.START);
    probe.podGone = false;
    probe.restoreUnfinished = false;
    assertThrows(TargetLock.TimeoutException.class, () -> acquire(lock(B)));
    probe.podGone = true;
    probe.restoreUnfinished = true;
    assertThrows(TargetLock.TimeoutException.class, () -> acquire(lock(B)));
    assertEquals(A.identity(), leases.current().holder());
  }

  @Test
  void a_resumed_runner_of_the_same_restore_takes_over_once_the_old_pod_is_gone() throws Exception {
    Holder resumed = new Holder("first", "uid-a", "first-run-pod-2");
    acquire(lock(A));
    probe.podGone = false;
    probe.restoreUnfinished = true;
    assertThrows(TargetLock.TimeoutException.class, () -> acquire(lock(resumed)));
    probe.podGone = true;
    Instant before = clock.instant();
    acquire(lock(resumed));
    assertEquals(resumed.identity(), leases.current().holder());
    assertEquals(before, clock.instant(), "no lease duration to wait for its own restore");
  }

  @Test
  void a_released_lease_goes_to_the_next_restore_at_once() throws Exception {
    TargetLock a = lock(A);
    acquire(a);
    a.release();
    assertNull(leases.current().holder());
    assertFalse(a.holding());
    acquire(lock(B));
    assertEquals(B.identity(), leases.current().holder());
    assertTrue(clock.sleeps().isEmpty());
  }

  @Test
  void renewing_moves_renew_time_and_notices_a_lease_taken_by_someone_else() throws Exception {
    TargetLock a = lock(A);
    acquire(a);
    clock.sleep(Duration.ofSeconds(20));
    assertTrue(a.renew());
    assertEquals(clock.instant(), leases.current().renewed());
    leases.put(B.identity(), clock.instant());
    assertFalse(a.renew());
    assertTrue(a.lost());
    a.release();
    assertEquals(B.identity(), leases.current().holder(), "release never clears someone else's");
  }

  @Test
  void transient_api_errors_while_locking_are_retried_within_the_bound() throws Exception {
    leases.failures = new ArrayList<>(List.of(503, 0));
    TargetLock a = lock(A);
    acquire(a);
    assertTrue(a.holding());
    assertEquals(List.of(SETTINGS.poll(), SETTINGS.poll()), clock.sleeps());
  }

  @Test
  void a_refused_lease_call_fails_at_once() {
    leases.failures = new ArrayList<>(List.of(403));
    ApiException e = assertThrows(ApiException.class, () -> acquire(lock(A)));
    assertEquals(403, e.getCode());
  }

  /** One Lease in memory with resourceVersion checks, like the API server. */
  private final class MemoryLeases implements Leases {
    private final Map<String, LeaseRecord> store = new HashMap<>();
    private int version;
    Runnable beforeGet = () -> {};
    List<Integer> failures = new ArrayList<>();

    LeaseRecord current() {
      return store.values().iterator().next();
    }

    /** Someone else writes the Lease (holder, renewTime). */
    void put(String holder, Instant renewed) {
      LeaseRecord old = store.isEmpty() ? null : current();
      store.put(
          "neo4j-restore-cluster-prod",
          new LeaseRecord(
              holder,
              60,
              renewed,
              renewed,
              old == null ? 0 : old.transitions(),
              Integer.toString(++version)));
    }

    private void maybeFail() throws ApiException {
      if (!failures.isEmpty()) {
        throw new ApiException(failures.remove(0), "injected");
      }
    }

    @Override
    public Optional<LeaseRecord> get(String name) throws ApiException {
      maybeFail();
      if (store.containsKey(name)) {
        beforeGet.run();
      }
      return Optional.ofNullable(store.get(name));
    }

    @Override
    public LeaseRecord create(String name, LeaseRecord lease) throws ApiException {
      maybeFail();
      if (store.containsKey(name)) {
        throw new ApiException(409, "exists");
      }
      return save(name, lease);
    }

    @Override
    public LeaseRecord replace(String name, LeaseRecord lease) throws ApiException {
      maybeFail();
      LeaseRecord old = store.get(name);
      if (old == null || !old.resourceVersion().equals(lease.resourceVersion())) {
        throw new ApiException(409, "conflict");
      }
      return save(name, lease);
    }

    private LeaseRecord save(String name, LeaseRecord lease) {
      LeaseRecord saved =
          new LeaseRecord(
              lease.holder(),
              lease.durationSeconds(),
              lease.acquired(),
              lease.renewed(),
              lease.transitions(),
              Integer.toString(++version));
      store.put(name, saved);
      return saved;
    }
  }

  private static final class Probe implements HolderProbe {
    boolean podGone;
    boolean restoreUnfinished = true;

    @Override
    public boolean podGone(Holder holder) {
      return podGone;
    }

    @Override
    public boolean restoreUnfinished(Holder holder) {
      return restoreUnfinished;
    }
  }
}
