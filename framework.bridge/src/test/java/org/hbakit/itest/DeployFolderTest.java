package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.client.IOHost;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.DeviceInfo;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.hbakit.itest.ctl.TestBundles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Nothing in the deploy folder drops a working driver, under a verified workload on the eight RAM units of two HBAs
 * (the null HBA moves too): what a file holds is checked before it touches what runs, a new content is installed
 * beside and the HBAs move with the ordinary swap, the newest version of a bundle drives, and a file's content (not
 * the order of arrival) decides. Files are written as an operator's copy would: in place, even slowly.
 */
class DeployFolderTest {
	private static final String CONTROLLER = "org.hbakit.controller.core";
	private static final String BUILT_IN = "0.1.0";

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 30_000)
	IOKitRegistry registry;

	@InjectService
	IOHost host;

	@InjectService
	ConfigurationAdmin configurationAdmin;

	@InjectService
	LogReaderService logReader;

	@InjectService(filter = "(scsi.null=false)", cardinality = 8, timeout = 60_000)
	List<SCSILogicalUnit> units;

	private final List<LogEntry> warnings = new CopyOnWriteArrayList<>();
	private final LogListener capture = e -> {
		if (e.getLogLevel() == LogLevel.WARN) {
			warnings.add(e);
		}
	};
	private Path deploy;
	private final List<String> written = new ArrayList<>();

	@BeforeEach
	void setUp() throws Exception {
		deploy = Path.of(context.getProperty("felix.fileinstall.dir"));
		Files.createDirectories(deploy);
		logReader.addLogListener(capture);
		assertThat(registry.awaitQuiescence(30_000)).isTrue();
	}

	@AfterEach
	void tearDown() throws Exception {
		for (String name : written) {
			Files.deleteIfExists(deploy.resolve(name));
		}
		// what the files provided is retired; the built-in controller drives again
		awaitDrivers(BUILT_IN);
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> deployedBundles().isEmpty());
		logReader.removeLogListener(capture);
	}

	@Test
	void aNewerVersionBesideTakesOverAndRemovingItRollsBack() throws Exception {
		byte[] v011 = build("0.1.1");
		byte[] v012 = build("0.1.2");
		try (VerifiedWorkload w = workload(101)) {
			write("a.jar", v011);
			awaitDrivers("0.1.1");
			w.awaitCompletions(500, 30_000);
			write("b.jar", v012);
			awaitDrivers("0.1.2");
			assertThat(deployedBundles()).extracting(b -> b.getVersion().toString()).containsExactlyInAnyOrder("0.1.1",
					"0.1.2"); // the older stays installed, superseded
			assertThat(registry.matches()).anySatisfy(m -> assertThat(m.reason()).startsWith("superseded by 0.1.2"));
			w.awaitCompletions(500, 30_000);
			delete("b.jar"); // rolling back
			awaitDrivers("0.1.1");
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> deployedBundles().size() == 1);
			w.awaitCompletions(500, 30_000);
			assertClean(w);
		}
		// every HBA moved by the ordinary swap each time: it never lost its driver
		assertThat(registry.swaps()).filteredOn(s -> s.hbaName().equals("hba0") && s.to().contains("0.1.2"))
				.isNotEmpty().allSatisfy(s -> assertThat(s.succeeded()).isTrue());
	}

	@Test
	void aReplacedDeploymentLeavesNothingBehind() throws Exception {
		WeakReference<ClassLoader> first;
		try (VerifiedWorkload w = runningOn("0.1.1", 109)) {
			first = new WeakReference<>(deployedBundles().get(0).adapt(BundleWiring.class).getClassLoader());
			for (int i = 0; i < 10; i++) {
				String version = i % 2 == 0 ? "0.1.2" : "0.1.1";
				write("a.jar", build(version));
				awaitDrivers(version);
			}
			w.awaitCompletions(500, 30_000);
			assertClean(w);
		}
		assertThat(deployedBundles()).singleElement()
				.satisfies(b -> assertThat(b.getVersion().toString()).isEqualTo("0.1.1"));
		FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
		assertThat(wiring.getRemovalPendingBundles()).isEmpty();
		// the first deployment's class loader becomes unreachable once its bundle was uninstalled and refreshed
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			System.gc();
			return first.get() == null;
		});
	}

	@Test
	void anOlderVersionOverANewerIsADeliberateDowngrade() throws Exception {
		try (VerifiedWorkload w = runningOn("0.1.2", 102)) {
			w.awaitCompletions(500, 30_000);
			write("a.jar", build("0.1.1"));
			awaitDrivers("0.1.1");
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> deployedBundles().stream()
					.allMatch(b -> b.getVersion().toString().equals("0.1.1")));
			w.awaitCompletions(500, 30_000);
			assertClean(w);
		}
	}

	@Test
	void aJarWrittenSlowlyOverTheRunningOneNeverDropsItsDriver() throws Exception {
		byte[] next = build("0.1.2");
		try (VerifiedWorkload w = runningOn("0.1.1", 103)) {
			// a slow copy: a chunk at a time, each left long enough for FileInstall to report it as stable (its poll
			// is 200 ms here); the pause is the writer's pace, not a wait for the system under test
			int chunk = next.length / 6 + 1;
			Path file = deploy.resolve("a.jar");
			Files.write(file, new byte[0]);
			for (int off = 0; off < next.length; off += chunk) {
				Files.write(file, Arrays.copyOfRange(next, off, Math.min(next.length, off + chunk)),
						StandardOpenOption.APPEND);
				if (off + chunk < next.length) {
					Thread.sleep(700);
					assertThat(drivers()).as("while a.jar is incomplete").containsOnly("0.1.1");
				}
			}
			awaitDrivers("0.1.2");
			w.awaitCompletions(500, 30_000);
			assertClean(w);
		}
		assertThat(refusals("a.jar")).as("one WARN for the partial file, naming it").hasSize(1);
	}

	@Test
	void aTruncatedJarIsRefusedAndTheRunningControllerStays() throws Exception {
		byte[] next = build("0.1.2");
		try (VerifiedWorkload w = runningOn("0.1.1", 104)) {
			write("a.jar", Arrays.copyOf(next, next.length * 2 / 3));
			awaitRefusal("a.jar", "not a readable jar");
			assertThat(drivers()).containsOnly("0.1.1");
			w.awaitCompletions(500, 30_000);
			write("a.jar", next); // the file is tried again when it changes
			awaitDrivers("0.1.2");
			assertClean(w);
		}
	}

	@Test
	void randomBytesAreRefusedAndTheRunningControllerStays() throws Exception {
		byte[] noise = new byte[40_000];
		new Random(7).nextBytes(noise);
		try (VerifiedWorkload w = runningOn("0.1.1", 105)) {
			write("a.jar", noise);
			awaitRefusal("a.jar", "a.jar refused");
			assertThat(drivers()).containsOnly("0.1.1");
			assertThat(deployedBundles()).hasSize(1);
			w.awaitCompletions(500, 30_000);
			assertClean(w);
		}
	}

	@Test
	void aJarWhoseControllerClassFailsToLoadIsRefused() throws Exception {
		byte[] broken = TestBundles.replace(build("0.1.9"),
				"org/hbakit/controller/core/HBAKitSimulatedHBAController.class", null);
		try (VerifiedWorkload w = runningOn("0.1.1", 106)) {
			write("b.jar", broken);
			awaitRefusal("b.jar", "cannot be instantiated");
			assertThat(drivers()).containsOnly("0.1.1");
			assertThat(deployedBundles()).extracting(b -> b.getVersion().toString()).containsExactly("0.1.1");
			w.awaitCompletions(500, 30_000);
			assertClean(w);
		}
	}

	@Test
	void removingOneOfTwoFilesOfOneBundleKeepsIt() throws Exception {
		byte[] v011 = build("0.1.1");
		try (VerifiedWorkload w = workload(107)) {
			write("a.jar", v011);
			awaitDrivers("0.1.1");
			write("b.jar", v011);
			Bundle only = deployedBundles().get(0);
			int swaps = registry.swaps().size();
			delete("b.jar");
			// FileInstall reports the removal within two polls; nothing moves and the bundle stays
			Awaitility.await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
					.until(() -> registry.awaitQuiescence(5_000));
			assertThat(deployedBundles()).containsExactly(only);
			assertThat(only.getState()).isEqualTo(Bundle.ACTIVE);
			assertThat(registry.swaps()).hasSize(swaps);
			w.awaitCompletions(500, 30_000);
			assertClean(w);
		}
	}

	@Test
	void removingTheOnlyFileHoldsRequestsWithinTheGraceAndFailsThemCleanlyAfter() throws Exception {
		List<Configuration> machine = new ArrayList<>();
		Configuration bridge = configurationAdmin.getConfiguration("org.hbakit.bridge", "?");
		Dictionary<String, Object> before = bridge.getProperties();
		try {
			for (int h = 0; h < 2; h++) {
				machine.add(config("org.hbakit.hba.sim.hba", "deployX" + h, "name", "hbaX" + h, "location",
						h == 0 ? "pci0000:00:0b.0" : "pci0000:00:0c.0", "device.id", "0xDE91"));
				for (int lun = 0; lun < 2; lun++) {
					machine.add(config("org.hbakit.hba.sim.lun", "deployX" + h + "l" + lun, "hba", "hbaX" + h,
							"target", 0, "lun", lun, "size", "64m"));
				}
			}
			Dictionary<String, Object> grace = before == null ? new Hashtable<>() : before;
			grace.put("rebindGraceMs", 4000L);
			bridge.update(grace);
			byte[] only = onlyController();
			write("x.jar", only);
			List<SCSILogicalUnit> x = awaitUnits("hbaX", 4);
			try (VerifiedWorkload w = new VerifiedWorkload(host, x, 32, 1024, 108).start()) {
				w.awaitCompletions(500, 30_000);
				delete("x.jar");
				Awaitility.await().atMost(Duration.ofSeconds(10))
						.until(() -> devices("hbaX").allMatch(d -> d.state() == DeviceState.UNMATCHED));
				long held = w.completed;
				write("x.jar", only); // back within the grace: the held requests go on
				Awaitility.await().atMost(Duration.ofSeconds(10))
						.until(() -> devices("hbaX").allMatch(d -> d.state() == DeviceState.BOUND));
				w.awaitCompletions(500, 30_000);
				assertThat(w.completed).isGreaterThan(held);
				assertClean(w);

				delete("x.jar");
				written.remove("x.jar");
				// past the grace, the held requests fail cleanly: counted as errors, none lost or duplicated
				Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> w.errors > 0);
				Awaitility.await().atMost(Duration.ofSeconds(10))
						.until(() -> context.getServiceReferences(SCSILogicalUnit.class, "(hba.name=hbaX*)").isEmpty());
				w.close();
				assertThat(w.lost).as(w.toString()).isZero();
				assertThat(w.duplicated).as(w.toString()).isZero();
				assertThat(w.corrupted).as(w.toString()).isZero();
			}
			assertThat(warnings).anySatisfy(e -> assertThat(e.getMessage()).contains("no controller took hbaX"));
		} finally {
			for (Configuration c : machine) {
				c.delete();
			}
			if (before == null) {
				bridge.delete();
			} else {
				before.put("rebindGraceMs", 10_000L);
				bridge.update(before);
			}
		}
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> registry.bindings().size() == 3);
	}

	// ---------------------------------------------------------------- helpers

	/** The built-in controller rebuilt as {@code version}. */
	private byte[] build(String version) throws Exception {
		return TestBundles.copyOf(bundle(CONTROLLER), "Bundle-Version", version, "HBAKit-Build", version);
	}

	/** A controller of its own identifier that matches only the test HBAs (device 0xDE91): nothing else can drive them. */
	private byte[] onlyController() throws Exception {
		byte[] jar = TestBundles.copyOf(bundle(CONTROLLER), "Bundle-SymbolicName", "org.hbakit.itest.deployed",
				"Bundle-Version", "1.0.0");
		String plist = new String(TestBundles.entry(jar, "Info.plist"), StandardCharsets.UTF_8)
				.replace(CONTROLLER, "org.hbakit.itest.deployed").replace("0x5CD11B4B", "0xDE911B4B");
		return TestBundles.replace(jar, "Info.plist", plist.getBytes(StandardCharsets.UTF_8));
	}

	private VerifiedWorkload workload(long seed) {
		return new VerifiedWorkload(host, units, 64, 2048, seed).start();
	}

	/** A verified workload, once a.jar holds {@code version} and it drives every HBA. */
	private VerifiedWorkload runningOn(String version, long seed) throws Exception {
		VerifiedWorkload w = workload(seed);
		try {
			write("a.jar", build(version));
			awaitDrivers(version);
			return w;
		} catch (Exception | AssertionError e) {
			w.close();
			throw e;
		}
	}

	private void write(String name, byte[] content) throws Exception {
		if (!written.contains(name)) {
			written.add(name);
		}
		Files.write(deploy.resolve(name), content); // in place, as cp does
	}

	private void delete(String name) throws Exception {
		Files.delete(deploy.resolve(name));
	}

	/** The version each bound device runs (the default machine's three HBAs). */
	private List<String> drivers() {
		return registry.devices().stream().map(DeviceInfo::driverVersion).toList();
	}

	private void awaitDrivers(String version) {
		Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(registry.awaitQuiescence(10_000)).isTrue();
			assertThat(registry.devices()).as("%s", registry.devices()).hasSize(3)
					.allSatisfy(d -> assertThat(d.state()).isEqualTo(DeviceState.BOUND))
					.allSatisfy(d -> assertThat(d.driverVersion()).isEqualTo(version));
		});
	}

	private void awaitRefusal(String file, String reason) {
		Awaitility.await().atMost(Duration.ofSeconds(30))
				.until(() -> refusals(file).stream().anyMatch(m -> m.contains(reason)));
	}

	private List<String> refusals(String file) {
		return warnings.stream().map(LogEntry::getMessage).filter(m -> m.startsWith(file + " refused")).toList();
	}

	private List<Bundle> deployedBundles() {
		return Arrays.stream(context.getBundles()).filter(b -> b.getLocation().startsWith("hbakit-deploy:")
				&& b.getState() != Bundle.UNINSTALLED).toList();
	}

	private Stream<DeviceInfo> devices(String prefix) {
		return registry.devices().stream().filter(d -> d.name().startsWith(prefix));
	}

	private List<SCSILogicalUnit> awaitUnits(String prefix, int n) throws Exception {
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(
				() -> context.getServiceReferences(SCSILogicalUnit.class, "(hba.name=" + prefix + "*)").size() == n);
		List<SCSILogicalUnit> out = new ArrayList<>();
		for (var ref : context.getServiceReferences(SCSILogicalUnit.class, "(hba.name=" + prefix + "*)")) {
			out.add(context.getService(ref));
		}
		return out;
	}

	private Configuration config(String factoryPid, String name, Object... keyValues) throws Exception {
		Configuration c = configurationAdmin.getFactoryConfiguration(factoryPid, name, "?");
		Dictionary<String, Object> d = new Hashtable<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			d.put((String) keyValues[i], keyValues[i + 1]);
		}
		c.update(d);
		return c;
	}

	private Bundle bundle(String bsn) {
		return Arrays.stream(context.getBundles())
				.filter(b -> bsn.equals(b.getSymbolicName()) && !b.getLocation().startsWith("hbakit-deploy:"))
				.findFirst().orElseThrow();
	}

	private static void assertClean(VerifiedWorkload w) {
		assertThat(w.errors).as(w.toString()).isZero();
		assertThat(w.lost).as(w.toString()).isZero();
		assertThat(w.duplicated).as(w.toString()).isZero();
		assertThat(w.corrupted).as(w.toString()).isZero();
		assertThat(w.verified).as(w.toString()).isPositive();
	}
}
