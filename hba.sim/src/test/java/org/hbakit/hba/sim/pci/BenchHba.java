package org.hbakit.hba.sim.pci;

import static org.hbakit.controller.api.simhba.HBARegisters.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.pci.PCIConfigSpace;
import org.hbakit.controller.api.simhba.CompletionEntry;
import org.hbakit.controller.api.simhba.RequestFrame;

/**
 * What the measurement harnesses share: a started HBA with a null target at id 0 (every request GOOD, nothing
 * moved), and its queues of {@code entries} entries programmed and enabled, every SQ entry a TEST UNIT READY whose
 * TAG is its index.
 */
final class BenchHba {
	final SimulatedPciHba hba;
	final ByteBuffer sq;
	final ByteBuffer cq;
	final int entries;

	BenchHba(int entries) {
		this.entries = entries;
		hba = new SimulatedPciHba("bench", "pci0000:00:09.0", PciIdentity.DEFAULT, entries, 1, 8, 7, 64,
				System.getLogger("bench"));
		hba.attach(0, new ScsiPort() {
			@Override
			public void execute(HbaExchange x) {
				x.status(0);
				x.transferred(x.dataLength());
			}

			@Override
			public void busReset() {
			}

			@Override
			public boolean taskManagement(int function, long lun) {
				return true;
			}
		});
		hba.start();
		sq = ByteBuffer.allocateDirect(entries * RequestFrame.SIZE).order(ByteOrder.LITTLE_ENDIAN);
		cq = ByteBuffer.allocateDirect(entries * CompletionEntry.SIZE).order(ByteOrder.LITTLE_ENDIAN);
		IODMACommand sqCmd = hba.createDMACommand();
		IODMACommand cqCmd = hba.createDMACommand();
		for (int slot = 0; slot < entries; slot++) {
			int i = slot * RequestFrame.SIZE;
			sq.putShort(i + RequestFrame.TAG_OFFSET, (short) slot);
			sq.put(i + RequestFrame.CDB_LEN_OFFSET, (byte) 6); // TEST UNIT READY, target 0, LUN 0, no data
		}
		hba.configWrite16(PCIConfigSpace.COMMAND, PCIConfigSpace.COMMAND_MEMORY_SPACE | PCIConfigSpace.COMMAND_BUS_MASTER);
		hba.memoryWrite32(BAR, QSIZE, qsize(entries, entries));
		hba.memoryWrite64(BAR, SQ_BASE, sqCmd.prepareForDMA(sq, 0, sq.capacity()));
		hba.memoryWrite64(BAR, CQ_BASE, cqCmd.prepareForDMA(cq, 0, cq.capacity()));
		hba.memoryWrite32(BAR, CC, CC_EN);
	}
}
