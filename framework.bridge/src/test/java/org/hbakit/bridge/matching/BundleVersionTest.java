package org.hbakit.bridge.matching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BundleVersionTest {
	@Test
	void comparesAsOsgiDoesNumbersNumericallyAndTheQualifierAsText() {
		assertThat(BundleVersion.compare("1.10.0", "1.9.9")).isPositive();
		assertThat(BundleVersion.compare("0.1.1", "0.1.0.SNAPSHOT")).isPositive();
		assertThat(BundleVersion.compare("0.1.0.b", "0.1.0.a")).isPositive();
		assertThat(BundleVersion.compare("0.1.0", "0.1.0.SNAPSHOT")).isNegative(); // the empty qualifier is lowest
		assertThat(BundleVersion.same("1", "1.0.0")).isTrue();
		assertThat(BundleVersion.same("1.0", "1.0.0.x")).isFalse();
	}

	@Test
	void textThatIsNoVersionSortsBelowEveryVersion() {
		assertThat(BundleVersion.compare("garbage", "0.0.0")).isNegative();
		assertThat(BundleVersion.compare("1.x", "0.0.1")).isNegative();
		assertThat(BundleVersion.compare("b", "a")).isPositive();
	}
}
