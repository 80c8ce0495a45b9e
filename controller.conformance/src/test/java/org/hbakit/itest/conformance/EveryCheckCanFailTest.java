package org.hbakit.itest.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.hbakit.conformance.CheckResult;
import org.hbakit.conformance.ConformanceKit;
import org.hbakit.conformance.ConformanceOptions;
import org.hbakit.conformance.ConformanceReport;
import org.hbakit.itest.conformance.broken.BrokenBundles;
import org.hbakit.itest.conformance.broken.BrokenController;
import org.hbakit.itest.conformance.broken.Defect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Each check of the kit can fail: a controller with one defect, installed by the kit from its jar path (and
 * uninstalled after), fails exactly the check its defect targets and passes every other one.
 */
class EveryCheckCanFailTest {
	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 60_000)
	ConformanceKit kit;

	@Test
	void everyCheckHasABrokenControllerThatFailsIt() {
		assertThat(Arrays.stream(Defect.values()).map(d -> d.check)).containsExactlyInAnyOrderElementsOf(kit.checkIds());
	}

	@TestFactory
	Stream<DynamicTest> eachBrokenControllerFailsExactlyItsCheck() {
		return Arrays.stream(Defect.values()).map(d -> DynamicTest.dynamicTest(d + " fails " + d.check, () -> {
			File jar = context.getDataFile(BrokenBundles.symbolicName(d) + ".jar");
			Files.write(jar.toPath(), BrokenBundles.jar(d));
			ConformanceReport report = kit.run(jar.getAbsolutePath(), ConformanceOptions.defaults().withSeconds(1));
			List<String> failed = report.checks().stream().filter(c -> !c.passed()).map(CheckResult::id).toList();
			assertThat(failed).as(report.toText()).containsExactly(d.check);
			assertThat(report.hba()).endsWith(String.format("1b4b:%04x", BrokenBundles.deviceId(d)));
			assertThat(Arrays.stream(context.getBundles()).map(b -> b.getSymbolicName()))
					.as("the kit uninstalls the jar it installed").doesNotContain(BrokenBundles.symbolicName(d));
		}));
	}

	@AfterAll
	static void forgetLeakedControllers() {
		System.getProperties().keySet().removeIf(k -> k.toString().startsWith(BrokenController.LEAK_PREFIX));
	}
}
