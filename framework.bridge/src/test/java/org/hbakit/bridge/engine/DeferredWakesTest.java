package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeferredWakesTest {
	private final DeferredWakes wakes = new DeferredWakes();

	@Test
	void outsideABatchNothingIsDeferred() {
		assertThat(wakes.defer(new IODoneQueueImpl(4))).isFalse();
	}

	@Test
	void aBatchDefersEachQueueOnceAndANestedOpenLeavesTheWakingToTheOuterOne() {
		IODoneQueueImpl q = new IODoneQueueImpl(4);
		assertThat(wakes.open()).isTrue();
		assertThat(wakes.open()).isFalse();
		assertThat(wakes.defer(q)).isTrue();
		assertThat(wakes.defer(q)).isTrue();
		wakes.close();
		assertThat(wakes.defer(q)).as("closed").isFalse();
	}

	@Test
	void aFullBatchWakesTheRestAtOnce() {
		assertThat(wakes.open()).isTrue();
		for (int i = 0; i < DeferredWakes.CAPACITY; i++) {
			assertThat(wakes.defer(new IODoneQueueImpl(4))).isTrue();
		}
		assertThat(wakes.defer(new IODoneQueueImpl(4))).isFalse();
		wakes.close();
		assertThat(wakes.open()).as("emptied by close").isTrue();
		assertThat(wakes.defer(new IODoneQueueImpl(4))).isTrue();
		wakes.close();
	}
}
