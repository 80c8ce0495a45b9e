package org.hbakit.controller.api.client;

import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;

/**
 * Mach's {@code io_done_result}: the outcome of one asynchronous request, filled by
 * {@link IODoneQueue#ioDoneQueueWait(IODoneResult)} into an instance the caller owns and reuses (so waiting
 * allocates nothing).
 */
public final class IODoneResult {
	private long requestId;
	private int returnCode;
	private int serviceResponse;
	private int status;
	private long bytesTransferred;
	private final byte[] sense = new byte[255];
	private int senseLength;

	/** The caller's request id, echoed from {@code device_read_async}/{@code device_write_async}. */
	public long requestId() {
		return requestId;
	}

	/** {@link org.hbakit.controller.api.IOReturn#kIOReturnSuccess} when the I/O ended GOOD, an IOReturn error otherwise. */
	public int returnCode() {
		return returnCode;
	}

	/** The {@link SCSIServiceResponse} value. */
	public int serviceResponse() {
		return serviceResponse;
	}

	/** The {@link SCSITaskStatus} value. */
	public int status() {
		return status;
	}

	/** Bytes moved. */
	public long bytesTransferred() {
		return bytesTransferred;
	}

	/** Valid bytes in {@link #sense()}. */
	public int senseLength() {
		return senseLength;
	}

	/** The sense data buffer (first {@link #senseLength()} bytes valid); owned by this result. */
	public byte[] sense() {
		return sense;
	}

	/** Called by the framework to fill the result. */
	public void set(long requestId, int returnCode, int serviceResponse, int status, long bytesTransferred) {
		this.requestId = requestId;
		this.returnCode = returnCode;
		this.serviceResponse = serviceResponse;
		this.status = status;
		this.bytesTransferred = bytesTransferred;
		this.senseLength = 0;
	}

	/** Called by the framework to fill the sense data. */
	public void setSense(byte[] src, int length) {
		senseLength = Math.min(length, sense.length);
		System.arraycopy(src, 0, sense, 0, senseLength);
	}

	@Override
	public String toString() {
		return "IODoneResult[request=" + requestId + ", return=" + org.hbakit.controller.api.IOReturn.name(returnCode)
				+ ", response=" + SCSIServiceResponse.name(serviceResponse) + ", status=" + status + ", bytes="
				+ bytesTransferred + "]";
	}
}
