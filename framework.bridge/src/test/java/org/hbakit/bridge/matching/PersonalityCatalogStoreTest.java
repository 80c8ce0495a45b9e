package org.hbakit.bridge.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hbakit.bridge.matching.Fixtures.bundle;
import static org.hbakit.bridge.matching.Fixtures.personality;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.hbakit.bridge.matching.PersonalityCatalog.Change;
import org.junit.jupiter.api.Test;

class PersonalityCatalogStoreTest {
	final List<String> reported = new CopyOnWriteArrayList<>();
	final PersonalityCatalogStore catalog = new PersonalityCatalogStore(new System.Logger() {
		@Override
		public String getName() {
			return "test";
		}

		@Override
		public boolean isLoggable(Level level) {
			return true;
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
			reported.add(level + " " + msg + " " + thrown.getMessage());
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String format, Object... params) {
			reported.add(level + " " + format);
		}
	});
	final List<Change> changes = new CopyOnWriteArrayList<>();

	@Test
	void putAndRemoveKeepASortedSnapshotAndNotifyInGenerationOrder() {
		catalog.addListener(changes::add);
		Personality b = personality(5, "b");
		Personality a = personality(5, "a");
		Personality other = personality(2, "z");

		catalog.put(bundle(5), List.of(b, a));
		catalog.put(bundle(2), List.of(other));

		assertThat(catalog.personalities()).containsExactly(other, a, b);
		assertThat(catalog.personalities(5)).containsExactly(a, b);
		assertThat(catalog.generation()).isEqualTo(2);

		assertThat(catalog.remove(5)).isTrue();
		assertThat(catalog.remove(5)).isFalse();

		assertThat(catalog.personalities()).containsExactly(other);
		assertThat(catalog.personalities(5)).isEmpty();
		assertThat(changes).extracting(Change::generation).containsExactly(1L, 2L, 3L);
		assertThat(changes.get(0).added()).containsExactly(a, b);
		assertThat(changes.get(2).removed()).containsExactly(a, b);
		assertThat(changes.get(2).added()).isEmpty();
		assertThat(changes.get(2).bundle()).isEqualTo(bundle(5));
	}

	@Test
	void aPutReplacesTheBundlesPersonalities() {
		Personality old = personality(5, "a");
		Personality updated = personality(5, "a", "IOProbeScore", 9L);
		catalog.put(bundle(5), List.of(old));
		catalog.addListener(changes::add);

		catalog.put(bundle(5), List.of(updated));

		assertThat(catalog.personalities()).containsExactly(updated);
		assertThat(changes).singleElement().satisfies(c -> {
			assertThat(c.removed()).containsExactly(old);
			assertThat(c.added()).containsExactly(updated);
		});
	}

	@Test
	void anotherBundlesPersonalityIsRefused() {
		assertThatThrownBy(() -> catalog.put(bundle(1), List.of(personality(2, "a"))))
				.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aFailingListenerDoesNotStopDelivery() {
		catalog.addListener(c -> {
			throw new IllegalStateException("listener bug");
		});
		catalog.addListener(changes::add);

		catalog.put(bundle(1), List.of(personality(1, "a")));

		assertThat(changes).hasSize(1);
		assertThat(reported).singleElement().asString().startsWith("ERROR").contains("generation 1", "listener bug");
	}

	@Test
	void aChangeMadeByAListenerIsDeliveredAfterTheCurrentOneWithoutRecursion() {
		List<Long> order = new ArrayList<>();
		catalog.addListener(c -> {
			order.add(c.generation());
			if (c.generation() == 1) {
				catalog.put(bundle(2), List.of(personality(2, "b")));
				order.add(-1L); // the nested put returned before its change was delivered
			}
		});

		catalog.put(bundle(1), List.of(personality(1, "a")));

		assertThat(order).containsExactly(1L, -1L, 2L);
	}

	@Test
	void concurrentChangesAreDeliveredOnceEachInGenerationOrder() throws Exception {
		catalog.addListener(changes::add);
		int threads = 4;
		int perThread = 200;
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			long bundleId = t + 1;
			Personality p = personality(bundleId, "p");
			Thread w = new Thread(() -> {
				try {
					start.await();
				} catch (InterruptedException e) {
					return;
				}
				for (int i = 0; i < perThread; i++) {
					catalog.put(bundle(bundleId), List.of(p));
					catalog.remove(bundleId);
				}
			});
			w.start();
			workers.add(w);
		}
		start.countDown();
		for (Thread w : workers) {
			w.join(TimeUnit.SECONDS.toMillis(30));
			assertThat(w.isAlive()).isFalse();
		}

		assertThat(catalog.generation()).isEqualTo(threads * perThread * 2L);
		assertThat(changes).extracting(Change::generation)
				.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, threads * perThread * 2L)
						.boxed().toList());
		assertThat(catalog.personalities()).isEmpty();
	}
}
