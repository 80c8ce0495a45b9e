package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.client.IODoneQueue;
import org.hbakit.controller.api.client.IODoneResult;
import org.hbakit.controller.api.client.IOHost;
import org.hbakit.controller.api.client.KernReturn;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

/**
 * The whole stack allocates nothing per task in steady state: io_done_queue, admission, dispatcher, the reference
 * controller, the simulated HBA, its target and RAM disk, the completion back. The bytes counted are those of every
 * thread on that path (the submitting and reaping thread, the HBA's device thread, which also runs the interrupt
 * handler and the framework's completion, and its controller queue, which dispatches held requests). With 600
 * requests in flight against the reference controller's 256 tasks, most requests wait in the admission's lanes
 * and are dispatched by the controller's queue: the held path. The figure is a byte count, not a time.
 */
class SteadyStateAllocationTest {
	private static final int BLOCKS = 8;
	private static final int REGION = 4096; // I/Os of 4 KiB per unit: 16 MiB written once, then read and rewritten

	@InjectService(timeout = 30_000)
	IOKitRegistry registry;

	@InjectService
	IOHost host;

	@Test
	void dispatchedAtOnceAllocatesNothingPerTask(
			@InjectService(filter = "(scsi.null=false)", cardinality = 8, timeout = 60_000) List<SCSILogicalUnit> units)
			throws Exception {
		assertNothingAllocatedPerTask(units, 32);
	}

	@Test
	void heldAndPumpedAllocatesNothingPerTask(
			@InjectService(filter = "(scsi.null=false)", cardinality = 8, timeout = 60_000) List<SCSILogicalUnit> units)
			throws Exception {
		assertNothingAllocatedPerTask(units, 600);
	}

	private void assertNothingAllocatedPerTask(List<SCSILogicalUnit> units, int depth) throws Exception {
		com.sun.management.ThreadMXBean mx = allocationCounter();
		assertThat(registry.awaitQuiescence(30_000)).isTrue();
		SCSILogicalUnit unit = units.stream().filter(u -> u.name().startsWith("hba0:")).findFirst().orElseThrow();
		IODoneQueue queue = host.ioDoneQueueCreate(depth);
		try {
			Loop loop = new Loop(unit, queue, depth);
			loop.run(REGION, true); // every block written once: the RAM disk's chunks exist from now on
			loop.run(200_000, false); // warm-up: JIT, lanes' chunks, thread-local scratch
			Thread[] path = pathThreads("hba0");
			long[] threads = new long[path.length];
			String[] names = new String[path.length];
			for (int i = 0; i < path.length; i++) {
				threads[i] = path[i].getId();
				names[i] = path[i].getName();
			}
			long[] before = mx.getThreadAllocatedBytes(threads);
			int tasks = 200_000;
			loop.run(tasks, false);
			long[] after = mx.getThreadAllocatedBytes(threads);
			long bytes = 0;
			StringBuilder perThread = new StringBuilder();
			for (int i = 0; i < threads.length; i++) {
				bytes += after[i] - before[i];
				perThread.append(' ').append(names[i]).append('=').append(after[i] - before[i]);
			}
			assertThat(loop.errors).as("failed requests").isZero();
			// the figure docs/benchmarks.md quotes (the report's system-out)
			System.out.println("steady state, " + depth + " in flight: " + bytes + " bytes over " + tasks + " tasks:"
					+ perThread);
			assertThat(bytes).as("bytes allocated by the I/O path's threads over " + tasks + " tasks (" + depth
					+ " in flight):" + perThread).isLessThan(tasks / 16);
		} finally {
			queue.ioDoneQueueTerminate();
		}
	}

	private static com.sun.management.ThreadMXBean allocationCounter() {
		java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
		Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
		com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
		Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
		return mx;
	}

	/** This thread, the HBA's device thread and its controller's queue. */
	private static Thread[] pathThreads(String hba) {
		Thread[] ids = Thread.getAllStackTraces().keySet().stream()
				.filter(t -> t == Thread.currentThread() || t.getName().equals(hba + "-device")
						|| t.getName().equals(hba + "-controller"))
				.toArray(Thread[]::new);
		assertThat(ids).as("the client, device and controller threads").hasSize(3);
		return ids;
	}

	/** Random 4 KiB reads and writes (half each) over the unit's first REGION I/Os, {@code depth} in flight. */
	private static final class Loop {
		final SCSILogicalUnit unit;
		final IODoneQueue queue;
		final ByteBuffer[] buffers;
		final IODoneResult result = new IODoneResult();
		final SplittableRandom random = new SplittableRandom(7);
		final int[] free;
		int freeTop;
		long errors;
		long cursor;

		Loop(SCSILogicalUnit unit, IODoneQueue queue, int depth) {
			this.unit = unit;
			this.queue = queue;
			this.buffers = new ByteBuffer[depth];
			this.free = new int[depth];
			for (int i = 0; i < depth; i++) {
				buffers[i] = ByteBuffer.allocateDirect(BLOCKS * unit.blockSize());
				free[freeTop++] = i;
			}
		}

		void run(long count, boolean fill) throws InterruptedException {
			long submitted = 0;
			long done = 0;
			while (done < count) {
				while (freeTop > 0 && submitted < count) {
					int slot = free[--freeTop];
					long io = fill ? cursor++ % REGION : random.nextInt(REGION);
					boolean write = fill || random.nextBoolean();
					ByteBuffer b = buffers[slot];
					b.clear();
					int bytes = BLOCKS * unit.blockSize();
					int rc = write ? queue.deviceWriteAsync(unit, slot, 0, io * BLOCKS, b, bytes)
							: queue.deviceReadAsync(unit, slot, 0, io * BLOCKS, b, bytes);
					if (rc != KernReturn.KERN_SUCCESS) {
						throw new AssertionError("submission failed: " + rc); // no AssertJ here: it allocates
					}
					submitted++;
				}
				int rc = queue.ioDoneQueueWait(result, 10_000_000_000L);
				if (rc != KernReturn.KERN_SUCCESS) {
					throw new AssertionError("no completion within 10 s: " + rc);
				}
				if (result.returnCode() != IOReturn.kIOReturnSuccess) {
					errors++;
				}
				free[freeTop++] = (int) result.requestId();
				done++;
			}
		}
	}
}
