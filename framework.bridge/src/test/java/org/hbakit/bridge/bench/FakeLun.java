package org.hbakit.bridge.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.client.SCSITaskResult;

/** An in-memory logical unit for the runner's tests: only its geometry and its bytes matter. */
public final class FakeLun implements SCSILogicalUnit {
	final String name;
	final int blockSize;
	final byte[] data;

	public FakeLun(String name, int blockSize, int blocks) {
		this.name = name;
		this.blockSize = blockSize;
		this.data = new byte[blockSize * blocks];
	}

	BenchLun bench(String hbaLocation, String hbaName, boolean nullUnit) {
		return new BenchLun(this, name, hbaLocation, hbaName, nullUnit);
	}

	@Override
	public String name() {
		return name;
	}

	@Override
	public long blockCount() {
		return data.length / blockSize;
	}

	@Override
	public int blockSize() {
		return blockSize;
	}

	@Override
	public SCSITaskResult execute(byte[] cdb, int cdbLength, ByteBuffer data, int direction, long timeoutMs) {
		throw new UnsupportedOperationException("the runner uses the io_done_queue only");
	}

	@Override
	public CompletionStage<SCSITaskResult> submit(byte[] cdb, int cdbLength, ByteBuffer data, int direction,
			long timeoutMs) {
		throw new UnsupportedOperationException("the runner uses the io_done_queue only");
	}

	@Override
	public void read(long lba, ByteBuffer dst) {
		throw new UnsupportedOperationException("the runner uses the io_done_queue only");
	}

	@Override
	public void write(long lba, ByteBuffer src) {
		throw new UnsupportedOperationException("the runner uses the io_done_queue only");
	}
}
