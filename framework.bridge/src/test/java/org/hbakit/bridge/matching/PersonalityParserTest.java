package org.hbakit.bridge.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hbakit.controller.api.personality.IOKitPersonalityKeys.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;

import org.hbakit.bridge.matching.PersonalityParser.Result;
import org.junit.jupiter.api.Test;

class PersonalityParserTest {
	static final BundleIdentity BUNDLE = new BundleIdentity("org.example.hba", "1.2.3", 42);
	final PersonalityParser parser = new PersonalityParser();

	static String xml(String personalities) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
				<plist version="1.0"><dict>
				<key>CFBundleIdentifier</key><string>org.example.hba.dext</string>
				<key>IOKitPersonalities</key><dict>
				""" + personalities + "</dict></dict></plist>";
	}

	/** A valid personality's XML with {@code extra} keys appended (a later duplicate key wins in dd-plist). */
	static String personalityXml(String name, String extra) {
		return "<key>" + name + "</key><dict>"
				+ "<key>IOClass</key><string>IOUserSCSIParallelInterfaceController</string>"
				+ "<key>IOUserClass</key><string>ExampleHBA</string>"
				+ "<key>IOProviderClass</key><string>IOPCIDevice</string>"
				+ "<key>CFBundleIdentifierKernel</key><string>com.apple.iokit.IOSCSIParallelFamily</string>" + extra
				+ "</dict>";
	}

	Result parse(String xml) {
		return parser.parse(BUNDLE, xml.getBytes(StandardCharsets.UTF_8));
	}

	static byte[] resource(String name) throws IOException {
		try (InputStream in = PersonalityParserTest.class.getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			return in.readAllBytes();
		}
	}

	@Test
	void theReferenceControllerPlistYieldsTwoPersonalitiesMatchingTheSimulatedHBA() throws Exception {
		Result r = parser.parse(BUNDLE, resource("reference-controller-Info.plist"));

		assertThat(r.problems()).isEmpty();
		assertThat(r.personalities()).extracting(Personality::name, Personality::ioUserClass, Personality::probeScore,
				Personality::matchCategory, Personality::cfBundleIdentifier).containsExactly(
						tuple("HBAKitSimulatedHBA", "HBAKitSimulatedHBAController", 2000, IO_DEFAULT_MATCH_CATEGORY,
								"org.hbakit.controller.core"),
						tuple("HBAKitSimulatedHBAFamily", "HBAKitSimulatedHBAController", 1000,
								IO_DEFAULT_MATCH_CATEGORY, "org.hbakit.controller.core"));
		Personality exact = r.personalities().get(0);
		assertThat(exact.pciMatches()).containsOnlyKeys(PCIMatchKey.IO_PCI_PRIMARY_MATCH,
				PCIMatchKey.IO_PCI_SECONDARY_MATCH);
		assertThat(exact.ioUserServerName()).isEqualTo("org.hbakit.controller.core");
		assertThat(exact.cfBundleIdentifierKernel()).isEqualTo(IO_SCSI_PARALLEL_FAMILY);

		PassiveMatcher matcher = new PassiveMatcher();
		for (Personality p : r.personalities()) {
			assertThat(matcher.match(p, Fixtures.simulatedHba(), Set.of()).matched()).as(p.name()).isTrue();
		}
		Fixtures.FakeDevice otherDevice = Fixtures.simulatedHba().config(0x00, 0x5CD21B4B);
		assertThat(matcher.match(exact, otherDevice, Set.of()).key()).isEqualTo(IO_PCI_PRIMARY_MATCH);
		assertThat(matcher.match(r.personalities().get(1), otherDevice, Set.of()).matched()).isTrue();
	}

	@Test
	void aBinaryPlistParsesLikeItsXML() throws Exception {
		byte[] xml = resource("reference-controller-Info.plist");
		NSObject root = com.dd.plist.PropertyListParser.parse(xml);
		byte[] binary = BinaryPropertyListWriter.writeToArray(root);
		assertThat(new String(binary, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("bplist");

		Result fromBinary = parser.parse(BUNDLE, binary);
		Result fromXml = parser.parse(BUNDLE, xml);

		assertThat(fromBinary.problems()).isEmpty();
		assertThat(fromBinary.personalities()).extracting(Personality::name, Personality::properties, Personality::pciMatches)
				.isEqualTo(fromXml.personalities().stream()
						.map(p -> tuple(p.name(), p.properties(), p.pciMatches())).toList());
	}

	@Test
	void aBinaryPlistWithAMalformedPersonalityKeepsItsValidSibling() throws Exception {
		NSDictionary good = new NSDictionary();
		good.put(IO_CLASS, "IOUserSCSIParallelInterfaceController");
		good.put(IO_USER_CLASS, "ExampleHBA");
		good.put(IO_PROVIDER_CLASS, "IOPCIDevice");
		good.put(CF_BUNDLE_IDENTIFIER_KERNEL, IO_SCSI_PARALLEL_FAMILY);
		good.put(IO_PCI_MATCH, "0x5cd11b4b");
		good.put(IO_PROBE_SCORE, 500);
		good.put(IO_NAME_MATCH, new NSArray(NSObject.fromJavaObject("a"), NSObject.fromJavaObject("b")));
		NSDictionary bad = (NSDictionary) good.clone();
		bad.put(IO_PROBE_SCORE, 1.5);
		NSDictionary personalities = new NSDictionary();
		personalities.put("Good", good);
		personalities.put("Bad", bad);
		NSDictionary root = new NSDictionary();
		root.put(IO_KIT_PERSONALITIES, personalities);

		Result r = parser.parse(BUNDLE, BinaryPropertyListWriter.writeToArray(root));

		assertThat(r.personalities()).extracting(Personality::name, Personality::probeScore, Personality::nameMatch)
				.containsExactly(tuple("Good", 500, List.of("a", "b")));
		assertThat(r.problems()).extracting(PersonalityProblem::personality, PersonalityProblem::key)
				.containsExactly(tuple("Bad", IO_PROBE_SCORE));
		assertThat(r.problems().get(0).reason()).contains("a real");
	}

	@Test
	void defaultsAndFallbacks() {
		Result r = parse(xml(personalityXml("P", "")));

		Personality p = r.personalities().get(0);
		assertThat(p.probeScore()).isZero();
		assertThat(p.matchCategory()).isEqualTo(IO_DEFAULT_MATCH_CATEGORY);
		assertThat(p.cfBundleIdentifier()).as("from the plist's top level").isEqualTo("org.example.hba.dext");
		assertThat(p.nameMatch()).isEmpty();
		assertThat(p.propertyMatch()).isEmpty();
		assertThat(p.pciMatches()).isEmpty();
		assertThat(p.bundle()).isEqualTo(BUNDLE);
		assertThat(p.id()).isEqualTo("org.example.hba/P");

		String noTopLevelIdentifier = """
				<plist version="1.0"><dict><key>IOKitPersonalities</key><dict>%s</dict></dict></plist>"""
				.formatted(personalityXml("P", ""));
		assertThat(parse(noTopLevelIdentifier).personalities().get(0).cfBundleIdentifier())
				.as("falls back to the bundle symbolic name").isEqualTo("org.example.hba");
	}

	@Test
	void everyKeyIsReadIntoTheRightType() {
		Result r = parse(xml(personalityXml("P", """
				<key>IOProbeScore</key><string> 1234 </string>
				<key>IOMatchCategory</key><string>hbakit.scsi</string>
				<key>IONameMatch</key><string>pci1b4b,5cd1</string>
				<key>IOResourceMatch</key><array><string>IOKit</string></array>
				<key>IOPropertyMatch</key><dict><key>ports</key><integer>8</integer><key>fast</key><true/></dict>
				<key>IOPCIMatch</key><string>0x5cd11b4b&amp;0xffff0000 0x00011b4b</string>
				<key>IOPCIClassMatch</key><string>0x01000000</string>
				<key>Custom</key><data>AQID</data>
				""")));

		assertThat(r.problems()).isEmpty();
		Personality p = r.personalities().get(0);
		assertThat(p.probeScore()).as("a numeric string is accepted").isEqualTo(1234);
		assertThat(p.matchCategory()).isEqualTo("hbakit.scsi");
		assertThat(p.nameMatch()).containsExactly("pci1b4b,5cd1");
		assertThat(p.resourceMatch()).containsExactly("IOKit");
		assertThat(p.propertyMatch()).isEqualTo(Map.of("ports", 8L, "fast", true));
		assertThat(p.pciMatches().get(PCIMatchKey.IO_PCI_MATCH).terms()).containsExactly(
				new PCIMatchExpression.Term(0x5cd11b4b, 0xffff0000), new PCIMatchExpression.Term(0x00011b4b, -1));
		assertThat(p.pciMatches().get(PCIMatchKey.IO_PCI_CLASS_MATCH).terms())
				.containsExactly(new PCIMatchExpression.Term(0x01000000, 0xffffff00));
		assertThat((byte[]) p.properties().get("Custom")).containsExactly(1, 2, 3);
		assertThat(p.toInfo()).satisfies(info -> {
			assertThat(info.bundleSymbolicName()).isEqualTo("org.example.hba");
			assertThat(info.bundleVersion()).isEqualTo("1.2.3");
			assertThat(info.bundleId()).isEqualTo(42);
			assertThat(info.name()).isEqualTo("P");
			assertThat(info.ioUserClass()).isEqualTo("ExampleHBA");
			assertThat(info.providerClass()).isEqualTo("IOPCIDevice");
			assertThat(info.probeScore()).isEqualTo(1234);
			assertThat(info.matchCategory()).isEqualTo("hbakit.scsi");
			assertThat(info.properties()).containsEntry(IO_PCI_CLASS_MATCH, "0x01000000");
		});
	}

	@Test
	void eachMalformedPersonalityIsRefusedNamingBundlePersonalityAndKeyWhileValidSiblingsSurvive() {
		Result r = parse(xml(personalityXml("Valid", "<key>IOPCIMatch</key><string>0x5cd11b4b</string>")
				+ personalityXml("BadHex", "<key>IOPCIMatch</key><string>0x5cd11b4b 0xZZ</string>")
				+ personalityXml("BadMask",
						"<key>IOPCIPrimaryMatch</key><string>0x78009004&amp;0x0xff00ffff</string>")
				+ personalityXml("EmptyPci", "<key>IOPCIClassMatch</key><string> </string>")
				+ personalityXml("PciNotString", "<key>IOPCISecondaryMatch</key><integer>5</integer>")
				+ personalityXml("ScoreNotInteger", "<key>IOProbeScore</key><string>high</string>")
				+ personalityXml("CategoryNotString", "<key>IOMatchCategory</key><array/>")
				+ personalityXml("NameMatchWrongType", "<key>IONameMatch</key><array><integer>1</integer></array>")
				+ personalityXml("ResourceWrongType", "<key>IOResourceMatch</key><dict/>")
				+ personalityXml("PropertyMatchWrongType", "<key>IOPropertyMatch</key><string>x</string>")
				+ personalityXml("WrongKernel",
						"<key>CFBundleIdentifierKernel</key><string>com.apple.kpi.iokit</string>")
				+ "<key>MissingRequired</key><dict><key>IOClass</key><string>IOUserSCSIParallelInterfaceController</string></dict>"
				+ "<key>NotADictionary</key><string>oops</string>"
				+ personalityXml("AlsoValid", "<key>IOProbeScore</key><integer>7</integer>")));

		assertThat(r.personalities()).extracting(Personality::name).containsExactly("AlsoValid", "Valid");
		assertThat(r.problems()).allSatisfy(p -> assertThat(p.bundle()).isEqualTo(BUNDLE));
		assertThat(r.problems()).extracting(PersonalityProblem::personality, PersonalityProblem::key).containsExactly(
				tuple("BadHex", IO_PCI_MATCH), tuple("BadMask", IO_PCI_PRIMARY_MATCH),
				tuple("CategoryNotString", IO_MATCH_CATEGORY), tuple("EmptyPci", IO_PCI_CLASS_MATCH),
				tuple("MissingRequired", IO_USER_CLASS), tuple("MissingRequired", IO_PROVIDER_CLASS),
				tuple("MissingRequired", CF_BUNDLE_IDENTIFIER_KERNEL),
				tuple("NameMatchWrongType", IO_NAME_MATCH), tuple("NotADictionary", IO_KIT_PERSONALITIES),
				tuple("PciNotString", IO_PCI_SECONDARY_MATCH), tuple("PropertyMatchWrongType", IO_PROPERTY_MATCH),
				tuple("ResourceWrongType", IO_RESOURCE_MATCH), tuple("ScoreNotInteger", IO_PROBE_SCORE),
				tuple("WrongKernel", CF_BUNDLE_IDENTIFIER_KERNEL));
		assertThat(problem(r, "BadHex").reason()).contains("0xZZ");
		assertThat(problem(r, "BadMask").reason()).contains("0x0xff00ffff");
		assertThat(problem(r, "EmptyPci").reason()).contains("empty");
		assertThat(problem(r, "WrongKernel").reason()).contains("com.apple.kpi.iokit", IO_SCSI_PARALLEL_FAMILY);
		assertThat(problem(r, "BadHex").toString()).isEqualTo("bundle=org.example.hba/1.2.3[42] personality=BadHex "
				+ "key=IOPCIMatch reason=" + problem(r, "BadHex").reason());
	}

	@Test
	void aNonSCSIPersonalityNeedsNoKernelIdentifier() {
		Result r = parse(xml("<key>Other</key><dict><key>IOClass</key><string>IOUserService</string>"
				+ "<key>IOUserClass</key><string>X</string><key>IOProviderClass</key><string>IOResources</string>"
				+ "<key>IOResourceMatch</key><string>IOKit</string></dict>"));

		assertThat(r.problems()).isEmpty();
		assertThat(r.personalities().get(0).resourceMatch()).containsExactly("IOKit");
	}

	static PersonalityProblem problem(Result r, String personality) {
		return r.problems().stream().filter(p -> p.personality().equals(personality)).findFirst().orElseThrow();
	}

	@Test
	void wholeFileProblemsRefuseEverything() {
		assertWholeFile(parser.parse(BUNDLE, "this is not a plist <".getBytes(StandardCharsets.UTF_8)), "<file>");
		assertWholeFile(parser.parse(BUNDLE, new byte[] { 'b', 'p', 'l', 'i', 's', 't', '0', '0', 1, 2 }), "<file>");
		assertWholeFile(parse("<plist version=\"1.0\"><array/></plist>"), "<file>");
		assertWholeFile(parse("<plist version=\"1.0\"><dict><key>CFBundleName</key><string>x</string></dict></plist>"),
				IO_KIT_PERSONALITIES);
		assertWholeFile(parse("<plist version=\"1.0\"><dict><key>IOKitPersonalities</key><array/></dict></plist>"),
				IO_KIT_PERSONALITIES);
	}

	private static void assertWholeFile(Result r, String key) {
		assertThat(r.personalities()).isEmpty();
		assertThat(r.problems()).singleElement().satisfies(p -> {
			assertThat(p.wholeFile()).isTrue();
			assertThat(p.key()).isEqualTo(key);
			assertThat(p.bundle()).isEqualTo(BUNDLE);
			assertThat(p.reason()).isNotBlank();
		});
	}

	@Test
	void anEmptyPersonalitiesDictionaryIsNoProblem() {
		Result r = parse(xml(""));

		assertThat(r.personalities()).isEmpty();
		assertThat(r.problems()).isEmpty();
	}

	@Test
	void aPlistNested10000DeepIsRefusedWithAReasonNotAStackOverflow() {
		String deep = "<array>".repeat(10_000) + "</array>".repeat(10_000);
		Result r = parse(xml(personalityXml("Deep", "<key>Deep</key>" + deep)));
		assertThat(r.personalities()).isEmpty();
		assertThat(r.problems()).singleElement().satisfies(p -> {
			assertThat(p.wholeFile()).isTrue();
			assertThat(p.toString()).contains("nest more than 64 deep").contains("org.example.hba");
		});
	}

	@Test
	void nestingWithinTheLimitAndEmptyContainersAreAccepted() {
		String nested = "<array>".repeat(20) + "<array/><dict/>" + "</array>".repeat(20);
		Result r = parse(xml(personalityXml("Nested", "<key>Nested</key>" + nested)));
		assertThat(r.problems()).isEmpty();
		assertThat(r.personalities()).hasSize(1);
	}
}
