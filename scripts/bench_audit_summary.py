"""Summary of scripts/bench-audit: one Markdown row per data set and backbone from OUT/*-audit.txt.

  python3 bench_audit_summary.py OUT
"""
import re,glob,sys
rows=[]
for f in sorted(glob.glob(sys.argv[1]+'/*-audit.txt')):
    tag=f.split('/')[-1].replace('-audit.txt','')
    m={}
    for line in open(f):
        p=[x.strip() for x in line.split('|')]
        if len(p)==2 and p[0].startswith('audit:'):
            try: m[p[0]]=float(p[1])
            except: pass
    ks=sorted({int(re.search(r'@(\d+)',k).group(1)) for k in m if '@' in k})
    over=' / '.join(f"{m.get(f'audit:labelatlas:precision@{k}',float('nan')):.2f} vs {m.get(f'audit:knn_vote:precision@{k}',float('nan')):.2f}" for k in ks)
    win=tie=loss=0; classes=set()
    for key,v in m.items():
        mm=re.match(r'audit:labelatlas:precision@(\d+):(.+)',key)
        if mm:
            classes.add(mm.group(2))
            b=m.get(f'audit:knn_vote:precision@{mm.group(1)}:{mm.group(2)}')
            if b is None: continue
            if v>b+1e-9: win+=1
            elif v<b-1e-9: loss+=1
            else: tie+=1
    allwin=all(m.get(f'audit:labelatlas:precision@{k}',0)>=m.get(f'audit:knn_vote:precision@{k}',1) for k in ks)
    print(f"| {tag} | {over} | {'yes' if allwin else 'no'} | {win} / {tie} / {loss} |")
