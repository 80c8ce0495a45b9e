package org.hbakit.controller.api.client;

import java.util.HexFormat;

import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;

/**
 * How one SCSI command ended, as a client sees it.
 *
 * @param serviceResponse  a {@link SCSIServiceResponse} value
 * @param status           a {@link SCSITaskStatus} value (SAM with TASK_COMPLETE, protocol-layer otherwise)
 * @param bytesTransferred bytes actually moved
 * @param sense            sense data (empty when there is none)
 */
public record SCSITaskResult(int serviceResponse, int status, long bytesTransferred, byte[] sense) {
	/** Whether the command completed with GOOD status. */
	public boolean isGood() {
		return serviceResponse == SCSIServiceResponse.TASK_COMPLETE && status == SCSITaskStatus.GOOD;
	}

	@Override
	public String toString() {
		String s = serviceResponse == SCSIServiceResponse.TASK_COMPLETE ? SCSITaskStatus.samName(status)
				: SCSIServiceResponse.name(serviceResponse) + "/" + SCSITaskStatus.protocolName(status);
		return s + " bytes=" + bytesTransferred + (sense.length > 0 ? " sense=" + HexFormat.of().formatHex(sense) : "");
	}
}
