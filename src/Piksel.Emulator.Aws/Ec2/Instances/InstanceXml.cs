using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>An instance, a reservation and a state as EC2's XML has them.</summary>
internal static class InstanceXml
{
    /// <summary>Reservations of <paramref name="instances"/> grouped by their launch, in launch order.</summary>
    public static void WriteReservations(XmlWriter xml, IEnumerable<InstanceRecord> instances, IEnumerable<VolumeRecord> volumes, DateTimeOffset now)
    {
        var byInstance = volumes.Where(v => v.Attachment is not null).ToLookup(v => v.Attachment!.InstanceId, StringComparer.Ordinal);
        xml.WriteSet("reservationSet", instances.GroupBy(i => i.ReservationId, StringComparer.Ordinal), (x, reservation) =>
        {
            var first = reservation.First();
            x.WriteElementString("reservationId", reservation.Key);
            x.WriteElementString("ownerId", first.Account);
            x.WriteStartElement("groupSet");
            x.WriteEndElement();
            x.WriteSet("instancesSet", reservation.OrderBy(i => i.LaunchIndex), (y, i) => WriteInstance(y, i, byInstance[i.InstanceId], now));
        });
    }

    /// <summary>The members of one instance.</summary>
    public static void WriteInstance(XmlWriter xml, InstanceRecord instance, IEnumerable<VolumeRecord> volumes, DateTimeOffset now)
    {
        var state = InstanceStates.Of(instance, now);
        xml.WriteElementString("instanceId", instance.InstanceId);
        xml.WriteElementString("imageId", instance.ImageId);
        WriteState(xml, "instanceState", state);
        var running = state != "terminated";
        xml.WriteElementString("privateDnsName", running ? instance.PrivateDnsName : "");
        xml.WriteElementString("dnsName", "");
        xml.WriteElementString("reason", instance.TerminateTime is { } t ? $"User initiated ({XmlValues.Timestamp(t)})" : "");
        xml.WriteElementString("amiLaunchIndex", instance.LaunchIndex.ToString(CultureInfo.InvariantCulture));
        xml.WriteStartElement("productCodes");
        xml.WriteEndElement();
        xml.WriteElementString("instanceType", instance.InstanceType);
        xml.WriteElementString("launchTime", XmlValues.Timestamp(instance.LaunchTime));
        xml.WriteStartElement("placement");
        xml.WriteElementString("availabilityZone", instance.AvailabilityZone);
        xml.WriteElementString("groupName", "");
        xml.WriteElementString("tenancy", "default");
        xml.WriteEndElement();
        xml.WriteStartElement("monitoring");
        xml.WriteElementString("state", "disabled");
        xml.WriteEndElement();
        if (running)
        {
            xml.WriteElementString("subnetId", instance.SubnetId);
            xml.WriteElementString("vpcId", instance.VpcId);
            xml.WriteElementString("privateIpAddress", instance.PrivateIpAddress);
        }
        xml.WriteElementString("sourceDestCheck", "true");
        xml.WriteSet("groupSet", instance.SecurityGroupIds, (x, g) => x.WriteElementString("groupId", g));
        if (instance.TerminateTime is not null && state == "terminated")
        {
            xml.WriteStartElement("stateReason");
            xml.WriteElementString("code", "Client.UserInitiatedShutdown");
            xml.WriteElementString("message", "Client.UserInitiatedShutdown: User initiated shutdown");
            xml.WriteEndElement();
        }
        xml.WriteElementString("architecture", instance.Architecture);
        xml.WriteElementString("rootDeviceType", "ebs");
        xml.WriteElementString("rootDeviceName", Eks.EksOptimizedAmi.RootDeviceName);
        xml.WriteSet("blockDeviceMapping", volumes.Where(v => InstanceStates.Of(v.Attachment!, now) != "detached"), (x, v) =>
        {
            x.WriteElementString("deviceName", v.Attachment!.Device);
            x.WriteStartElement("ebs");
            x.WriteElementString("volumeId", v.VolumeId);
            x.WriteElementString("status", InstanceStates.Of(v.Attachment, now));
            x.WriteElementString("attachTime", XmlValues.Timestamp(v.Attachment.AttachTime));
            x.WriteElementString("deleteOnTermination", XmlValues.Bool(v.Attachment.DeleteOnTermination));
            x.WriteEndElement();
        });
        if (instance.CapacityType == "spot") xml.WriteElementString("instanceLifecycle", "spot");
        xml.WriteElementString("virtualizationType", "hvm");
        xml.WriteElementString("clientToken", instance.ClientToken ?? "");
        if (instance.Tags.Count > 0) xml.WriteTagSet(instance.Tags);
        xml.WriteElementString("hypervisor", "xen");
        if (instance.InstanceProfileArn is { } profile)
        {
            xml.WriteStartElement("iamInstanceProfile");
            xml.WriteElementString("arn", profile);
            xml.WriteElementString("id", "AIPA" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(profile)))[..17]);
            xml.WriteEndElement();
        }
        xml.WriteElementString("ebsOptimized", "true");
        xml.WriteElementString("enaSupport", "true");
        xml.WriteStartElement("metadataOptions");
        xml.WriteElementString("state", "applied");
        xml.WriteElementString("httpTokens", instance.HttpTokens);
        xml.WriteElementString("httpPutResponseHopLimit", instance.HttpPutResponseHopLimit.ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("httpEndpoint", "enabled");
        xml.WriteEndElement();
        xml.WriteStartElement("privateDnsNameOptions");
        xml.WriteElementString("hostnameType", "ip-name");
        xml.WriteEndElement();
    }

    /// <summary><c>&lt;name&gt;&lt;code/&gt;&lt;name/&gt;&lt;/name&gt;</c>.</summary>
    public static void WriteState(XmlWriter xml, string element, string state)
    {
        xml.WriteStartElement(element);
        xml.WriteElementString("code", InstanceStates.Code(state).ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("name", state);
        xml.WriteEndElement();
    }
}
