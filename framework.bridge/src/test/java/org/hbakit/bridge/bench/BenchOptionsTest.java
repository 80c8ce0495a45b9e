package org.hbakit.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

	@Test
	void defaultsWhenNoArguments() {
		BenchOptions o = BenchOptions.parse();
		assertThat(o).isEqualTo(BenchOptions.defaults());
		assertThat(o.rw()).isEqualTo(RwMode.RANDREAD);
		assertThat(o.bs()).isEqualTo(4096);
		assertThat(o.qd()).isEqualTo(32);
		assertThat(o.seconds()).isEqualTo(10.0);
		assertThat(o.warmupSeconds()).isEqualTo(1.0);
		assertThat(o.rwmix()).isEqualTo(50);
		assertThat(o.luns()).isEqualTo(LunSelection.ALL);
		assertThat(o.path()).isNull();
	}

	@Test
	void parsesEveryOption() {
		BenchOptions o = BenchOptions.parse("--rw", "randrw", "--rwmix", "70", "--bs", "64k", "--qd", "128",
				"--luns", "hba0:0:1,hba1:1:0", "--seconds", "2.5", "--path", "bundled", "--verify", "--swap-every",
				"250", "--json", "--warmup", "0", "--size", "256m", "--seed", "42", "--jobs", "4");
		assertThat(o.rw()).isEqualTo(RwMode.RANDRW);
		assertThat(o.rwmix()).isEqualTo(70);
		assertThat(o.bs()).isEqualTo(65536);
		assertThat(o.qd()).isEqualTo(128);
		assertThat(o.luns().names()).containsExactly("hba0:0:1", "hba1:1:0");
		assertThat(o.seconds()).isEqualTo(2.5);
		assertThat(o.path()).isEqualTo("bundled");
		assertThat(o.verify()).isTrue();
		assertThat(o.swapEveryMs()).isEqualTo(250);
		assertThat(o.json()).isTrue();
		assertThat(o.warmupSeconds()).isZero();
		assertThat(o.size()).isEqualTo(256L << 20);
		assertThat(o.seed()).isEqualTo(42);
		assertThat(o.jobs()).isEqualTo(4);
		assertThat(BenchOptions.defaults().jobs()).isEqualTo(1);
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--jobs", "0"));
	}

	@Test
	void acceptsInlineValuesAndSizeSuffixes() {
		assertThat(BenchOptions.parse("--bs=512").bs()).isEqualTo(512);
		assertThat(BenchOptions.parse("--bs", "4K").bs()).isEqualTo(4096);
		assertThat(BenchOptions.parse("--bs", "1m").bs()).isEqualTo(1 << 20);
		assertThat(BenchOptions.parse("--bs", "8KiB").bs()).isEqualTo(8192);
		assertThat(BenchOptions.parse("--size", "1g").size()).isEqualTo(1L << 30);
		assertThat(BenchOptions.parse("--luns", "3").luns().count()).isEqualTo(3);
		assertThat(BenchOptions.parse("--null").nullLuns()).isTrue();
		assertThat(BenchOptions.parse("--rw=write").rw()).isEqualTo(RwMode.WRITE);
	}

	@Test
	void rejectsBadValuesWithTheOptionNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--qd", "0")).withMessageContaining(
				"--qd 0");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--qd", "many"))
				.withMessageContaining("--qd many: expected an integer");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--frobnicate"))
				.withMessageStartingWith("unknown option '--frobnicate'").withMessageContaining("--rw");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--rw", "random"))
				.withMessageContaining("randread, randwrite, randrw, read, write");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--bs", "1000"))
				.withMessageContaining("multiple of 512");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--bs", "4x"))
				.withMessageContaining("--bs 4x: expected a size");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--seconds", "0"))
				.withMessageContaining("--seconds 0");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--warmup", "-1"))
				.withMessageContaining("--warmup -1");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--rw", "randrw", "--rwmix", "101"))
				.withMessageContaining("--rwmix 101");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--rwmix", "30"))
				.withMessageContaining("randrw only");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--path", "fast"))
				.withMessageContaining("bundled or parallel");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--luns", "0"))
				.withMessageContaining("at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--luns", "hba0:0:1,hba0:0:1"))
				.withMessageContaining("listed twice");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--luns", "disk1"))
				.withMessageContaining("not a unit name");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--verify", "--null"))
				.withMessageContaining("--verify cannot check null");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--seconds"))
				.withMessage("--seconds needs a value");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--json=yes"))
				.withMessage("--json takes no value");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--swap-every", "0"))
				.withMessageContaining("--swap-every 0");
	}

	@Test
	void checksBlockSizeAgainstTheUnit() {
		BenchLun lun = new FakeLun("hba0:0:1", 4096, 1024).bench("0000:01:00.0", "hba0", false);
		BenchOptions threeK = BenchOptions.parse("--bs", "3k");
		assertThatIllegalArgumentException().isThrownBy(() -> threeK.checkAgainst(lun))
				.withMessage("--bs 3k is not a multiple of the block size 4096 of hba0:0:1");
		BenchOptions.parse("--bs", "8k").checkAgainst(lun);
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--bs", "8m").checkAgainst(lun))
				.withMessageContaining("less than --bs");
		assertThatIllegalArgumentException()
				.isThrownBy(() -> BenchOptions.parse("--verify", "--qd", "600").checkAgainst(lun))
				.withMessageContaining("fewer than 2 x --qd 600");
		assertThat(BenchOptions.parse("--size", "1m").rangeBytes(lun)).isEqualTo(1 << 20);
		assertThat(BenchOptions.parse("--size", "1g").rangeBytes(lun)).isEqualTo(4096L * 1024);
	}

	@Test
	void selectsUnitsByCountOrName() {
		List<String> units = new ArrayList<>(List.of("hba10:0:0", "hba2:0:1", "hba2:0:0", "hba1:3:0"));
		units.sort(BenchLun.NAME_ORDER);
		assertThat(units).containsExactly("hba1:3:0", "hba2:0:0", "hba2:0:1", "hba10:0:0");
		assertThat(LunSelection.parse("2").select(units, s -> s, Map.of())).containsExactly("hba1:3:0", "hba2:0:0");
		assertThat(LunSelection.parse("hba10:0:0,hba1:3:0").select(units, s -> s, Map.of()))
				.containsExactly("hba10:0:0", "hba1:3:0");
		assertThat(LunSelection.ALL.select(units, s -> s, Map.of())).hasSize(4);
		assertThatIllegalArgumentException().isThrownBy(() -> LunSelection.parse("5").select(units, s -> s, Map.of()))
				.withMessageContaining("only 4 eligible");
		assertThatIllegalArgumentException()
				.isThrownBy(() -> LunSelection.parse("hba3:0:0").select(units, s -> s, Map.of()))
				.withMessage("--luns: hba3:0:0 is not a published logical unit");
		assertThatIllegalArgumentException()
				.isThrownBy(() -> LunSelection.parse("hba3:0:0").select(units, s -> s, Map.of("hba3:0:0", "why")))
				.withMessage("--luns: hba3:0:0 cannot be used: why");
	}
}
