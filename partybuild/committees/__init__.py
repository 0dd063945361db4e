"""班子成员 and 换届: the committee of each organisation, its terms and re-elections."""
