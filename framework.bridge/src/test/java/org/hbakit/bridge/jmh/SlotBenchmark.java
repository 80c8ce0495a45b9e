package org.hbakit.bridge.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.scsi.Cdb;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Filling a task slot and reading a response slot, against a 4 KiB memory copy as the baseline. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SlotBenchmark {
	private final ByteBuffer commands = ByteBuffer.allocateDirect(32 * SCSIUserParallelTask.SIZE);
	private final SCSIUserParallelTask task = new SCSIUserParallelTask(commands, 0);
	private final SCSIUserParallelResponse response = new SCSIUserParallelResponse();
	private final byte[] cdb = new byte[16];
	private final ByteBuffer src = ByteBuffer.allocateDirect(4096);
	private final ByteBuffer dst = ByteBuffer.allocateDirect(4096);
	private long lba;

	@Benchmark
	public SCSIUserParallelTask fillTaskSlot() {
		int n = Cdb.read16(cdb, lba++ & 0xFFFF, 8);
		task.moveTo((int) (lba & 31) * SCSIUserParallelTask.SIZE);
		return task.setVersion(1).setTargetID(1).setControllerTaskIdentifier(lba).setRequestedTransferCount(4096)
				.setBufferIOVMAddr(0x1000).setTaskAttribute(0).setTaskTagIdentifier(lba).setLogicalUnitBytes(0)
				.setCommandDescriptorBlock(cdb, n).setTransferDirection(2).setTimeoutInMilliSec(30_000);
	}

	@Benchmark
	public long readResponseSlot() {
		return response.version() + response.controllerTaskIdentifier() + response.serviceResponse()
				+ response.completionStatus() + response.bytesTransferred() + response.senseLength();
	}

	/** The baseline: one 4 KiB block copied in memory. */
	@Benchmark
	public ByteBuffer copy4KiB() {
		dst.clear();
		return dst.put(src.clear());
	}
}
