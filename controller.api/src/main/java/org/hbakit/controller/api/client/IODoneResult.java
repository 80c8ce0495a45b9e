package org.hbakit.controller.api.client;

import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;

/**
 * Mach's {@code io_done_result}: the outcome of one asynchronous request, filled by
 * {@link IODoneQueue#ioDoneQueueWait(IODoneResult)} into an instance the caller owns and reuses (so waiting
 * allocates nothing). Mach's fields: {@code qd_type} is {@link #type()}, {@code qd_reqid} {@link #requestId()},
 * {@code qd_code} {@link #returnCode()}, {@code qd_count} {@link #bytesTransferred()}, {@code qd_inline}
 * {@link #inbandData()}; {@code qd_data} has no counterpart (the caller supplied the buffer). The SCSI outcome
 * (service response, status, sense) is HBAKit's addition.
 */
public final class IODoneResult {
	/** {@code qd_type} of an in-band read ({@link IODoneQueue#deviceReadAsyncInband}); Mach's {@code IO_DONE_READ}. */
	public static final int IO_DONE_READ = 1;
	/** {@code qd_type} of a write (either form); Mach's {@code IO_DONE_WRITE}. */
	public static final int IO_DONE_WRITE = 2;
	/** {@code qd_type} of a read into the caller's buffer ({@link IODoneQueue#deviceReadAsync}); {@code IO_DONE_OVERWRITE}. */
	public static final int IO_DONE_OVERWRITE = 3;

	private int type;
	private long requestId;
	private int returnCode;
	private int serviceResponse;
	private int status;
	private long bytesTransferred;
	private final byte[] sense = new byte[255];
	private int senseLength;
	private final byte[] inband = new byte[IODoneQueue.IO_INBAND_MAX];
	private int inbandLength;

	/** {@code qd_type}: {@link #IO_DONE_READ}, {@link #IO_DONE_WRITE} or {@link #IO_DONE_OVERWRITE} (0 before any). */
	public int type() {
		return type;
	}

	/** The caller's request id, echoed from the submission. */
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

	/** Bytes moved; for an in-band read, the bytes in {@link #inbandData()}. */
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

	/** {@code qd_inline}: the bytes of an in-band read (first {@link #inbandLength()} valid); owned by this result. */
	public byte[] inbandData() {
		return inband;
	}

	/** Valid bytes in {@link #inbandData()} (0 unless the request was an in-band read). */
	public int inbandLength() {
		return inbandLength;
	}

	/** Called by the framework to fill the result; clears the sense and in-band data and the type. */
	public void set(long requestId, int returnCode, int serviceResponse, int status, long bytesTransferred) {
		this.requestId = requestId;
		this.returnCode = returnCode;
		this.serviceResponse = serviceResponse;
		this.status = status;
		this.bytesTransferred = bytesTransferred;
		this.senseLength = 0;
		this.inbandLength = 0;
		this.type = 0;
	}

	/** Called by the framework: the request's {@code qd_type}. */
	public void setType(int type) {
		this.type = type;
	}

	/** Called by the framework to fill the sense data. */
	public void setSense(byte[] src, int length) {
		senseLength = Math.min(length, sense.length);
		System.arraycopy(src, 0, sense, 0, senseLength);
	}

	/**
	 * Called by the framework once it wrote {@code length} bytes into {@link #inbandData()}.
	 *
	 * @throws IllegalArgumentException if length is not 0..{@link IODoneQueue#IO_INBAND_MAX}
	 */
	public void setInbandLength(int length) {
		if (length < 0 || length > inband.length) {
			throw new IllegalArgumentException("in-band length " + length + " not in 0.." + inband.length);
		}
		inbandLength = length;
	}

	@Override
	public String toString() {
		return "IODoneResult[type=" + type + ", request=" + requestId + ", return="
				+ org.hbakit.controller.api.IOReturn.name(returnCode) + ", response="
				+ SCSIServiceResponse.name(serviceResponse) + ", status=" + status + ", bytes=" + bytesTransferred + "]";
	}
}
