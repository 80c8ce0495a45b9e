package org.hbakit.bridge.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.hbakit.bridge.engine.EngineHarness;
import org.hbakit.bridge.engine.EngineSettings;
import org.hbakit.bridge.engine.FakeDevice;
import org.hbakit.bridge.engine.IODoneQueueImpl;
import org.hbakit.bridge.engine.LogicalUnit;
import org.hbakit.controller.api.client.IODoneResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The framework's cost per task, without a device: an io_done_queue submits 32 reads (deferred into one bundle
 * on the bundled path) to a controller that completes them inline, then reaps 32. Compared with the 4 KiB copy
 * baseline in {@link SlotBenchmark} run in the same session.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-XX:+UseParallelGC" })
public class RoutingBenchmark {
	private static final int BATCH = 32;

	@Param({ "bundled", "parallel" })
	public String path;

	private EngineHarness harness;
	private LogicalUnit unit;
	private IODoneQueueImpl queue;
	private final ByteBuffer[] buffers = new ByteBuffer[BATCH];
	private final IODoneResult result = new IODoneResult();

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		harness = new EngineHarness(EngineSettings.DEFAULTS);
		harness.offer("Inline", () -> new InlineController(path.equals("bundled")));
		harness.device(new FakeDevice(), "bench");
		unit = harness.units.get(0);
		queue = new IODoneQueueImpl(BATCH);
		for (int i = 0; i < BATCH; i++) {
			buffers[i] = ByteBuffer.allocateDirect(4096);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		harness.close();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long submitAndReap32() throws InterruptedException {
		for (int i = 0; i < BATCH; i++) {
			queue.deviceReadAsync(unit, i, IODoneQueueImpl.D_DEFER, i * 8L, buffers[i], 4096);
		}
		long sum = 0;
		for (int i = 0; i < BATCH; i++) {
			queue.ioDoneQueueWait(result);
			sum += result.requestId();
		}
		return sum;
	}
}
