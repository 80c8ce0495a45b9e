package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.util.Map;

import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.pci.IOInterruptHandler;
import org.hbakit.controller.api.pci.IOPCIDevice;

/** A provider with only what a software controller needs: DMA commands that remember their mapping. */
public final class FakeDevice implements IOPCIDevice {
	private final String location;

	public FakeDevice() {
		this("fake0");
	}

	public FakeDevice(String location) {
		this.location = location;
	}

	@Override
	public String name() {
		return "fake";
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of();
	}

	@Override
	public String location() {
		return location;
	}

	@Override
	public int configRead32(int offset) {
		return 0;
	}

	@Override
	public int configRead16(int offset) {
		return 0;
	}

	@Override
	public int configRead8(int offset) {
		return 0;
	}

	@Override
	public void configWrite16(int offset, int value) {
	}

	@Override
	public int memoryBarCount() {
		return 0;
	}

	@Override
	public long memoryBarSize(int bar) {
		return 0;
	}

	@Override
	public int memoryRead32(int bar, long offset) {
		return 0;
	}

	@Override
	public long memoryRead64(int bar, long offset) {
		return 0;
	}

	@Override
	public void memoryWrite32(int bar, long offset, int value) {
	}

	@Override
	public void memoryWrite64(int bar, long offset, long value) {
	}

	@Override
	public int interruptVectorCount() {
		return 0;
	}

	@Override
	public void registerInterruptHandler(int vector, IOInterruptHandler handler) {
	}

	@Override
	public void unregisterInterruptHandler(int vector) {
	}

	@Override
	public void enableInterrupt(int vector) {
	}

	@Override
	public void disableInterrupt(int vector) {
	}

	@Override
	public IODMACommand createDMACommand() {
		return new IODMACommand() {
			long address;

			@Override
			public long prepareForDMA(ByteBuffer memory, int offset, int length) {
				return address = 0x1000 + offset;
			}

			@Override
			public void completeDMA() {
				address = 0;
			}

			@Override
			public long iovmAddress() {
				return address;
			}

			@Override
			public void release() {
			}
		};
	}

	@Override
	public boolean open(Object client) {
		return true;
	}

	@Override
	public void close(Object client) {
	}
}
