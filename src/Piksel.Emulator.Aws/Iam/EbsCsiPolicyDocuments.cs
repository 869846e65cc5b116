namespace Piksel.Emulator.Aws.Iam;

/// <summary>The document of the EBS CSI driver's managed policy (<c>arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy</c>).</summary>
internal static class EbsCsiPolicyDocuments
{
    /// <summary>AmazonEBSCSIDriverPolicy v15.</summary>
    public const string Driver = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": [
                "ec2:DescribeAvailabilityZones",
                "ec2:DescribeInstances",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeSnapshots",
                "ec2:DescribeTags",
                "ec2:DescribeVolumes",
                "ec2:DescribeVolumesModifications",
                "ec2:DescribeVolumeStatus"
              ],
              "Resource": "*"
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:CreateSnapshot",
                "ec2:ModifyVolume"
              ],
              "Resource": "arn:aws:ec2:*:*:volume/*"
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:CopyVolumes"
              ],
              "Resource": [
                "arn:aws:ec2:*:*:volume/vol-*"
              ]
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:AttachVolume",
                "ec2:DetachVolume"
              ],
              "Resource": [
                "arn:aws:ec2:*:*:volume/*",
                "arn:aws:ec2:*:*:instance/*"
              ]
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:CreateVolume",
                "ec2:EnableFastSnapshotRestores"
              ],
              "Resource": "arn:aws:ec2:*:*:snapshot/*"
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:CreateTags"
              ],
              "Resource": [
                "arn:aws:ec2:*:*:volume/*",
                "arn:aws:ec2:*:*:snapshot/*"
              ],
              "Condition": {
                "StringEquals": {
                  "ec2:CreateAction": [
                    "CreateVolume",
                    "CreateSnapshot",
                    "CopyVolumes"
                  ]
                }
              }
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:DeleteTags"
              ],
              "Resource": [
                "arn:aws:ec2:*:*:volume/*",
                "arn:aws:ec2:*:*:snapshot/*"
              ]
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:CreateVolume",
                "ec2:CopyVolumes"
              ],
              "Resource": "arn:aws:ec2:*:*:volume/*",
              "Condition": {
                "StringLike": {
                  "aws:RequestTag/ebs.csi.aws.com/cluster": "true"
                }
              }
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:CreateVolume",
                "ec2:CopyVolumes"
              ],
              "Resource": "arn:aws:ec2:*:*:volume/*",
              "Condition": {
                "StringLike": {
                  "aws:RequestTag/CSIVolumeName": "*"
                }
              }
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:DeleteVolume"
              ],
              "Resource": "arn:aws:ec2:*:*:volume/*",
              "Condition": {
                "StringLike": {
                  "ec2:ResourceTag/ebs.csi.aws.com/cluster": "true"
                }
              }
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:DeleteVolume"
              ],
              "Resource": "arn:aws:ec2:*:*:volume/*",
              "Condition": {
                "StringLike": {
                  "ec2:ResourceTag/CSIVolumeName": "*"
                }
              }
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:DeleteVolume"
              ],
              "Resource": "arn:aws:ec2:*:*:volume/*",
              "Condition": {
                "StringLike": {
                  "ec2:ResourceTag/kubernetes.io/created-for/pvc/name": "*"
                }
              }
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:CreateSnapshot"
              ],
              "Resource": "arn:aws:ec2:*:*:snapshot/*",
              "Condition": {
                "StringLike": {
                  "aws:RequestTag/CSIVolumeSnapshotName": "*"
                }
              }
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:CreateSnapshot"
              ],
              "Resource": "arn:aws:ec2:*:*:snapshot/*",
              "Condition": {
                "StringLike": {
                  "aws:RequestTag/ebs.csi.aws.com/cluster": "true"
                }
              }
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:DeleteSnapshot",
                "ec2:LockSnapshot"
              ],
              "Resource": "arn:aws:ec2:*:*:snapshot/*",
              "Condition": {
                "StringLike": {
                  "ec2:ResourceTag/CSIVolumeSnapshotName": "*"
                }
              }
            },
            {
              "Effect": "Allow",
              "Action": [
                "ec2:DeleteSnapshot",
                "ec2:LockSnapshot"
              ],
              "Resource": "arn:aws:ec2:*:*:snapshot/*",
              "Condition": {
                "StringLike": {
                  "ec2:ResourceTag/ebs.csi.aws.com/cluster": "true"
                }
              }
            }
          ]
        }
        """;
}
