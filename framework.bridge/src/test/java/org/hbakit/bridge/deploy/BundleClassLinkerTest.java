package org.hbakit.bridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which entries of a controller bundle the deployer loads and links before the swaps. */
class BundleClassLinkerTest {
	@Test
	void aBundlesOwnClassesAreNamedFromTheirEntryPaths() {
		assertThat(BundleClassLinker.className("/org/example/hba/ExampleController.class"))
				.isEqualTo("org.example.hba.ExampleController");
		assertThat(BundleClassLinker.className("org/example/hba/ExampleController$Queue.class"))
				.isEqualTo("org.example.hba.ExampleController$Queue");
	}

	@Test
	void metadataAndVersionedOrOptionalContentAreLeftAlone() {
		assertThat(BundleClassLinker.className("/META-INF/versions/11/org/example/A.class")).isNull();
		assertThat(BundleClassLinker.className("/OSGI-OPT/src/org/example/A.class")).isNull();
		assertThat(BundleClassLinker.className("/module-info.class")).isNull();
		assertThat(BundleClassLinker.className("/org/example/hba/package-info.class")).isNull();
		assertThat(BundleClassLinker.className("/org/example/hba/Info.plist")).isNull();
	}
}
