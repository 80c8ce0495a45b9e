package org.hbakit.hba.sim.scsi.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FaultPlanTest {

	private static IllegalArgumentException rejects(Map<String, ?> map) {
		return assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse(map));
	}

	@Test
	void parseAcceptsNumbersStringsAndBooleans() {
		Map<String, Object> m = new HashMap<>();
		m.put("delay_ns", 1500);
		m.put("random_delay", "true");
		m.put("every_nth", "0x10");
		m.put("random_nth", 1);
		m.put("media_only", Boolean.FALSE);
		m.put("drop", true);
		m.put("busy", "false");
		m.put("medium_error_start", 4660L);
		m.put("medium_error_count", 10.0);
		m.put("seed", "-42");
		m.put("removed", "false");
		FaultPlan p = FaultPlan.parse(m);
		assertTrue(p.specifies(FaultKind.TARGET_REMOVED));
		assertFalse(p.enables(FaultKind.TARGET_REMOVED));
		assertTrue(FaultPlan.parse(Map.of("removed", true)).enables(FaultKind.TARGET_REMOVED), "no every_nth needed");
		assertEquals(1500, p.delayNanos());
		assertTrue(p.randomDelay());
		assertEquals(16, p.everyNth());
		assertTrue(p.randomNth());
		assertFalse(p.mediaOnly());
		assertTrue(p.enables(FaultKind.DROP));
		assertTrue(p.specifies(FaultKind.BUSY));
		assertFalse(p.enables(FaultKind.BUSY));
		assertFalse(p.specifies(FaultKind.TASK_SET_FULL));
		assertEquals(0x1234, p.mediumErrorStart());
		assertEquals(10, p.mediumErrorCount());
		assertTrue(p.enables(FaultKind.MEDIUM_ERROR));
		assertEquals(-42, p.seed());
		assertTrue(p.enables(FaultKind.DELAY));
	}

	@Test
	void toMapRoundTripsInCanonicalOrder() {
		FaultPlan p = FaultPlan.builder().seed(7).everyNth(100).drop(true).transportError(false).delayNanos(2000)
				.mediumError(100, 5).build();
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("delay_ns", 2000L);
		expected.put("every_nth", 100L);
		expected.put("drop", true);
		expected.put("transport_error", false);
		expected.put("medium_error_start", 100L);
		expected.put("medium_error_count", 5L);
		expected.put("seed", 7L);
		assertEquals(expected, p.toMap());
		assertEquals(String.join(",", expected.keySet()), String.join(",", p.toMap().keySet()));
		assertEquals(p, FaultPlan.parse(p.toMap()));
		assertEquals(p.hashCode(), FaultPlan.parse(p.toMap()).hashCode());
		assertEquals("FaultPlan{delay_ns=2000, every_nth=100, drop=true, transport_error=false, "
				+ "medium_error_start=100, medium_error_count=5, seed=7}", p.toString());
		assertEquals(p, p.toBuilder().build());
		assertNotEquals(p, p.toBuilder().drop(false).build());
	}

	@Test
	void emptyPlanSpecifiesNothing() {
		assertTrue(FaultPlan.NONE.isEmpty());
		assertEquals(Map.of(), FaultPlan.NONE.toMap());
		assertEquals(FaultPlan.NONE, FaultPlan.parse(Map.of()));
		for (FaultKind k : FaultKind.values()) {
			assertFalse(FaultPlan.NONE.specifies(k));
		}
		Map<String, Object> nulls = new HashMap<>();
		nulls.put("drop", null);
		assertTrue(FaultPlan.parse(nulls).isEmpty(), "null values leave keys unset");
	}

	@Test
	void explicitFalseSpecifiesWithoutEnabling() {
		FaultPlan p = FaultPlan.parse(Map.of("drop", false, "delay_ns", 0));
		assertTrue(p.specifies(FaultKind.DROP));
		assertFalse(p.enables(FaultKind.DROP));
		assertTrue(p.specifies(FaultKind.DELAY));
		assertFalse(p.enables(FaultKind.DELAY));
		assertTrue(p.isSet("drop"));
		assertFalse(p.isSet("busy"));
		assertFalse(p.isSet("nonsense"));
	}

	@Test
	void invalidValuesNameTheKeyAndTheReason() {
		assertEquals("unknown fault plan key 'dorp'; known keys: delay_ns, random_delay, every_nth, random_nth, "
				+ "media_only, drop, transport_error, busy, task_set_full, short_transfer, recovered_error, "
				+ "medium_error_start, medium_error_count, removed, seed", rejects(Map.of("dorp", true)).getMessage());
		assertEquals("every_nth: must be >= 1, got 0", rejects(Map.of("every_nth", 0)).getMessage());
		assertEquals("every_nth: expected an integer, got 'ten'", rejects(Map.of("every_nth", "ten")).getMessage());
		assertEquals("every_nth: expected an integer, got '2.5'", rejects(Map.of("every_nth", 2.5)).getMessage());
		assertEquals("drop: expected a boolean, got 'yes'", rejects(Map.of("drop", "yes")).getMessage());
		assertEquals("drop: expected a boolean, got '2'", rejects(Map.of("drop", 2)).getMessage());
		assertEquals("delay_ns: must be >= 0, got -1", rejects(Map.of("delay_ns", -1)).getMessage());
		assertEquals("random_delay: requires delay_ns > 0", rejects(Map.of("random_delay", true)).getMessage());
		assertEquals("busy: requires every_nth", rejects(Map.of("busy", true)).getMessage());
		assertEquals("random_nth: requires every_nth", rejects(Map.of("random_nth", true)).getMessage());
		assertEquals("medium_error_count: must be >= 0, got -5",
				rejects(Map.of("medium_error_count", -5)).getMessage());
		assertEquals("medium_error_start: must be >= 0, got -1",
				rejects(Map.of("medium_error_start", -1)).getMessage());
		assertEquals("medium_error_count: range from medium_error_start overflows",
				rejects(Map.of("medium_error_start", Long.MAX_VALUE, "medium_error_count", 2)).getMessage());
		assertEquals("seed: expected an integer, got ArrayList '[]'",
				rejects(Map.of("seed", new java.util.ArrayList<>())).getMessage());
	}

	@Test
	void knownKeysListsEveryKey() {
		assertEquals(15, FaultPlan.knownKeys().split(", ").length);
	}
}
